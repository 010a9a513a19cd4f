package io.mcpmonitor.core.detect;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs {@link AnomalyDetection#runBackground} every five minutes (the first run right away), and
 * once a day deletes stored anomalies older than the retention (90 days by default). The runs and
 * {@link #close()} save the detectors' state to the store once they learned
 * {@value AnomalyDetection#CHECKPOINT_AFTER_MILLIS} ms of minutes more than the checkpoint there, so
 * the next sidecar process does not learn the day again. The sidecar
 * starts it in {@code serve}.
 *
 * <p>One daemon thread named {@code mcp-monitor-detect}; a run never holds a lock that a tool call
 * needs for longer than one series' minutes. A failed run is reported to {@code diagnostics} and
 * the schedule goes on. {@link #close()} stops it (idempotent).
 *
 * <pre>{@code
 * try (BackgroundDetection bg = BackgroundDetection.start(AnomalyDetection.shared(reader), System.err::println)) {
 *     ... serve ...
 * }
 * }</pre>
 */
public final class BackgroundDetection implements AutoCloseable {

    /** Time between the end of one run and the start of the next. */
    public static final Duration INTERVAL = Duration.ofMinutes(5);
    /** How long stored anomalies are kept. */
    public static final Duration KEEP = Duration.ofDays(90);
    private static final long DAY_MILLIS = 86_400_000L;

    private final AnomalyDetection detection;
    private final Duration keep;
    private final LongSupplier wallMillis;
    private final Consumer<String> diagnostics;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-monitor-detect");
        t.setDaemon(true);
        return t;
    });
    private long lastCleanupMillis = Long.MIN_VALUE;
    private volatile int runs;

    private BackgroundDetection(AnomalyDetection detection, Duration keep, LongSupplier wallMillis,
                                Consumer<String> diagnostics) {
        this.detection = detection;
        this.keep = keep;
        this.wallMillis = wallMillis;
        this.diagnostics = diagnostics;
    }

    /** Starts runs every {@link #INTERVAL}, keeping anomalies {@link #KEEP}. */
    public static BackgroundDetection start(AnomalyDetection detection, Consumer<String> diagnostics) {
        return start(detection, INTERVAL, KEEP, System::currentTimeMillis, diagnostics);
    }

    /**
     * Starts runs every {@code interval} on the wall clock {@code wallMillis}, keeping anomalies {@code keep}.
     *
     * @throws IllegalArgumentException if interval or keep is not positive
     */
    public static BackgroundDetection start(AnomalyDetection detection, Duration interval, Duration keep,
                                            LongSupplier wallMillis, Consumer<String> diagnostics) {
        Objects.requireNonNull(detection, "detection");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be > 0, was " + interval);
        }
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("keep must be > 0, was " + keep);
        }
        BackgroundDetection b = new BackgroundDetection(detection, keep, wallMillis, diagnostics);
        // The first run waits a little: a sidecar must answer initialize first, and it has 2 cores to share.
        b.scheduler.scheduleWithFixedDelay(b::run, Math.min(5_000, interval.toMillis()), interval.toMillis(), TimeUnit.MILLISECONDS);
        return b;
    }

    private void run() {
        try {
            long now = wallMillis.getAsLong();
            detection.runBackground(now);
            if (now - lastCleanupMillis >= DAY_MILLIS) {
                lastCleanupMillis = now;
                detection.deleteStoredBefore(now - keep.toMillis());
            }
        } catch (Exception | Error e) {
            diagnostics.accept("mcp-monitor: background detection failed: " + e);
        } finally {
            runs++;
        }
    }

    /** Runs finished so far (for tests and diagnostics). */
    public int runs() {
        return runs;
    }

    /**
     * Stops the runs (waiting up to 10 s for a run under way to end, then interrupting it) and saves
     * the detectors' state if they learned enough since the checkpoint ({@link AnomalyDetection#checkpoint}),
     * so the next process continues from the last minute this one learned. Idempotent.
     */
    @Override
    public void close() {
        if (scheduler.isShutdown()) {
            return;
        }
        // not interrupted: a run may be writing the checkpoint (an interrupt closes its file channel)
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
            detection.checkpoint(wallMillis.getAsLong());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            diagnostics.accept("mcp-monitor: detector checkpoint not written: " + e);
        }
    }
}
