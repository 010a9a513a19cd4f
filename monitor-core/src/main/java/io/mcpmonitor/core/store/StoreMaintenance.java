package io.mcpmonitor.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs the {@link Compactor} in the background: rollups a few minutes past every hour, and the
 * retention clean-up once a day at local midnight. The sidecar runs it; writer processes (agents)
 * do not by default, to keep the host light. {@link Compactor#compact} on demand does the same.
 *
 * <p>One daemon thread named {@code mcp-monitor-maintenance}. Failures are reported to
 * {@code diagnostics} and the schedule goes on.
 */
public final class StoreMaintenance implements AutoCloseable {

    /** Minutes past the hour at which rollups run, leaving room for the last flushes of the hour. */
    static final long ROLLUP_OFFSET_MILLIS = 3 * 60_000L;

    private final Compactor compactor;
    private final LongSupplier wallMillis;
    private final ZoneId zone;
    private final Consumer<String> diagnostics;
    private final Runnable beforeEachRun;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-monitor-maintenance");
        t.setDaemon(true);
        return t;
    });

    /** How long no question must have been asked before a run starts, when runs wait for questions. */
    static final long QUIET_MILLIS = 30_000L;
    /** Longest a run waits for that quiet: a sidecar asked questions all day long is still compacted. */
    static final long MAX_WAIT_MILLIS = 10 * 60_000L;

    private StoreMaintenance(Compactor compactor, LongSupplier wallMillis, ZoneId zone, Consumer<String> diagnostics,
                             Runnable beforeEachRun) {
        this.beforeEachRun = beforeEachRun;
        this.compactor = compactor;
        this.wallMillis = wallMillis;
        this.zone = zone;
        this.diagnostics = diagnostics;
    }

    /** Starts the schedule; the first rollup runs a few seconds after start, not on the start-up path. */
    public static StoreMaintenance start(Store store, Retention retention, Consumer<String> diagnostics) {
        return start(store, retention, () -> { }, 10_000, diagnostics);
    }

    /**
     * As {@link #start(Store, Retention, Consumer)}, in a process that answers questions from {@code questions}: each
     * run first waits until no question has been in progress for {@value #QUIET_MILLIS} ms (at most
     * {@value #MAX_WAIT_MILLIS} ms). A run reads and rewrites every closed minute file, and the reader then reads
     * the store again; beside a question on two cores, that would double its wait.
     */
    public static StoreMaintenance start(Store store, Retention retention, StoreReader questions, Consumer<String> diagnostics) {
        return start(store, retention, () -> questions.awaitQuiet(QUIET_MILLIS, MAX_WAIT_MILLIS), 10_000, diagnostics);
    }

    /** Runs {@code beforeEachRun} (it may wait) before every run; the first run comes {@code firstDelayMillis} after start. */
    static StoreMaintenance start(Store store, Retention retention, Runnable beforeEachRun, long firstDelayMillis,
                                  Consumer<String> diagnostics) {
        StoreMaintenance m = new StoreMaintenance(new Compactor(store, retention), System::currentTimeMillis,
                ZoneId.systemDefault(), diagnostics, beforeEachRun);
        m.scheduler.schedule(() -> m.run(false), firstDelayMillis, TimeUnit.MILLISECONDS);
        m.scheduleNext();
        return m;
    }

    private void scheduleNext() {
        long now = wallMillis.getAsLong();
        long nextRollup = nextRollupMillis(now);
        long nextMidnight = nextMidnightMillis(now, zone);
        boolean retention = nextMidnight <= nextRollup;
        long at = Math.min(nextRollup, nextMidnight);
        scheduler.schedule(() -> {
            run(retention);
            scheduleNext();
        }, Math.max(1, at - now), TimeUnit.MILLISECONDS);
    }

    private void run(boolean retention) {
        try {
            beforeEachRun.run();
            if (Thread.currentThread().isInterrupted()) {
                return; // closed while waiting
            }
            Compactor.Result r = compactor.compact(wallMillis.getAsLong(), retention);
            reportNewDamage(r.health());
            if (r.pastRetentionCalls() > 0) {
                diagnostics.accept("mcp-monitor: " + r.pastRetentionCalls() + " call(s) arrived for days past the "
                        + "retention of daily rollups and were dropped (recorded in retention-drops.jsonl)");
            }
        } catch (Exception | Error e) {
            diagnostics.accept("mcp-monitor: store maintenance failed: " + e);
        }
    }

    // Problems already said, so that each damaged file is reported once, not at every run.
    private final java.util.Set<String> reported = new java.util.HashSet<>();

    /** Says each newly found damage once, on the diagnostics: the sidecar's stderr. */
    private void reportNewDamage(ReadStats health) {
        List<String> fresh = health.problems().stream().filter(reported::add).toList();
        if (!fresh.isEmpty()) {
            diagnostics.accept("mcp-monitor: " + health.healthNote());
            fresh.forEach(p -> diagnostics.accept("mcp-monitor: store damage: " + p));
        }
    }

    /** The next time, strictly after {@code now}, that is {@link #ROLLUP_OFFSET_MILLIS} past an hour. */
    static long nextRollupMillis(long now) {
        long candidate = Resolution.HOUR.floor(now) + ROLLUP_OFFSET_MILLIS;
        return candidate > now ? candidate : candidate + Resolution.HOUR.millis();
    }

    /** The next local midnight strictly after {@code now}. */
    static long nextMidnightMillis(long now, ZoneId zone) {
        LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
        return today.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
