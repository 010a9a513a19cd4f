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
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-monitor-maintenance");
        t.setDaemon(true);
        return t;
    });

    private StoreMaintenance(Compactor compactor, LongSupplier wallMillis, ZoneId zone, Consumer<String> diagnostics) {
        this.compactor = compactor;
        this.wallMillis = wallMillis;
        this.zone = zone;
        this.diagnostics = diagnostics;
    }

    /** Starts the schedule; the first rollup runs a few seconds after start, not on the start-up path. */
    public static StoreMaintenance start(Store store, Retention retention, Consumer<String> diagnostics) {
        StoreMaintenance m = new StoreMaintenance(new Compactor(store, retention), System::currentTimeMillis,
                ZoneId.systemDefault(), diagnostics);
        m.scheduler.schedule(() -> m.run(false), 10, TimeUnit.SECONDS);
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
