package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Bridge;
import io.mcpmonitor.core.store.InFlightSnapshot;
import io.mcpmonitor.core.store.InFlightSnapshots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes this process's in-flight snapshot ({@link InFlightSnapshots}) every flush interval: the calls the
 * bridge has running, counted per (server, tool) with the start of the oldest, so the sidecar shows a
 * running or hung call within one interval. The file is deleted when no call runs (and at exit), so an
 * idle server writes nothing.
 *
 * <p>One daemon thread, {@code mcp-monitor-inflight}. Never throws into the host: a failed write is
 * logged once (information: the monitor already warns when the store cannot be written) and tried again at
 * the next interval. With {@code flush=0} (only at exit) it still runs,
 * every {@link #DEFAULT_INTERVAL}, since a call running is news only while it runs.
 */
final class InFlightPublisher {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final Path storeRoot;
    private final String writerId;
    private final long intervalMillis;
    private final AgentLog log;
    private ScheduledExecutorService scheduler; // guarded by this
    private volatile boolean published; // whether the last write left a file (written by the publishing thread)
    private boolean failing; // the publishing thread only

    InFlightPublisher(Path storeRoot, String writerId, Duration flush, AgentLog log) {
        this.storeRoot = storeRoot;
        this.writerId = writerId;
        this.intervalMillis = (flush.isZero() ? DEFAULT_INTERVAL : flush).toMillis();
        this.log = log;
    }

    synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mcp-monitor-inflight");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::publishQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops publishing and removes the snapshot: no call of this process runs any more. */
    void stop() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
            scheduler = null;
        }
        if (s != null) {
            s.shutdown();
            try {
                s.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!published) {
            return;
        }
        try {
            InFlightSnapshots.delete(storeRoot, writerId);
        } catch (Throwable t) {
            // Readers ignore it once it is 3 intervals old; the store's own failure is the monitor's warning.
            log.info("cannot remove the in-flight snapshot: " + t);
        }
    }

    private void publishQuietly() {
        try {
            publish(System.currentTimeMillis(), System.nanoTime());
            failing = false;
        } catch (Throwable t) {
            // An unwritable store is warned about once by the monitor's flush; this says only which file, once
            // per failure streak, in the agent's log.
            if (!failing) {
                failing = true;
                log.info("cannot write the in-flight snapshot (retried every flush): " + t);
            }
        }
    }

    /** Takes and writes one snapshot; {@code wallMillis} and {@code nowNanos} are the same instant. */
    void publish(long wallMillis, long nowNanos) throws java.io.IOException {
        Map<List<String>, long[]> bySeries = new LinkedHashMap<>(); // (server, tool) -> {count, oldest start nanos}
        Bridge.visitInFlight((server, tool, startNanos) -> {
            long[] c = bySeries.computeIfAbsent(List.of(server, tool), k -> new long[] {0, startNanos});
            c[0]++;
            c[1] = Math.min(c[1], startNanos);
        });
        if (bySeries.isEmpty() && !published) {
            return; // nothing running now nor at the last snapshot: no file to write or delete
        }
        List<InFlightSnapshot.Series> calls = new ArrayList<>(bySeries.size());
        bySeries.forEach((key, c) -> calls.add(new InFlightSnapshot.Series(key.get(0), key.get(1), c[0],
                wallMillis - Math.max(0, nowNanos - c[1]) / 1_000_000)));
        InFlightSnapshots.write(storeRoot, new InFlightSnapshot(writerId, ProcessHandle.current().pid(), wallMillis,
                intervalMillis, calls));
        published = !calls.isEmpty();
    }
}
