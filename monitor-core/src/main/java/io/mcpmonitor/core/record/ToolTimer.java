package io.mcpmonitor.core.record;

import io.mcpmonitor.core.call.Outcome;
import java.util.concurrent.Callable;

/**
 * A handle on one series (server, tool) of a {@link Monitor}: records without looking the series up.
 * Cache it for the life of the tool, as Micrometer's {@code Timer} is cached.
 *
 * <p>Thread-safe. {@link #record(long, Outcome)} is lock-free and allocation-free.
 */
public final class ToolTimer {

    private final Monitor monitor;
    private final SeriesRecorder series;

    ToolTimer(Monitor monitor, SeriesRecorder series) {
        this.monitor = monitor;
        this.series = series;
    }

    /** Records a finished call. A negative duration or null outcome is dropped and counted. */
    public void record(long durationNanos, Outcome outcome) {
        if (durationNanos < 0 || outcome == null) {
            monitor.countDropped();
            return;
        }
        if (outcome == Outcome.UNKNOWN_TOOL) {
            monitor.recordUnknownTool(series.server(), series.tool(), durationNanos, "");
            return;
        }
        series.record(durationNanos, outcome);
    }

    /** Records a finished call with its error type and message (kept in a bounded summary). */
    public void record(long durationNanos, Outcome outcome, String errorType, String errorMessage) {
        if (durationNanos < 0 || outcome == null) {
            monitor.countDropped();
            return;
        }
        if (outcome == Outcome.UNKNOWN_TOOL) {
            monitor.recordUnknownTool(series.server(), series.tool(), durationNanos, errorType);
        } else if (outcome.isError()) {
            series.recordError(durationNanos, outcome, errorType, errorMessage);
        } else {
            series.record(durationNanos, outcome);
        }
    }

    /** Starts a call; it is recorded when the returned {@link Call} is closed. */
    public Call start() {
        return new Call(this, monitor.clock());
    }

    /** Times {@code work}; a thrown exception is recorded as {@link Outcome#EXCEPTION} and rethrown. */
    public <T> T track(Callable<T> work) throws Exception {
        try (Call call = start()) {
            try {
                return work.call();
            } catch (Exception | Error e) {
                call.error(e);
                throw e;
            }
        }
    }

    /** Times {@code work}; a thrown exception is recorded as {@link Outcome#EXCEPTION} and rethrown. */
    public void track(Runnable work) {
        try (Call call = start()) {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                call.error(e);
                throw e;
            }
        }
    }

    public String server() {
        return series.server();
    }

    public String tool() {
        return series.tool();
    }
}
