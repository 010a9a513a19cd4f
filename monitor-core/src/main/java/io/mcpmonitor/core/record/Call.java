package io.mcpmonitor.core.record;

import io.mcpmonitor.core.call.Outcome;

/**
 * One call being timed, started by {@link ToolTimer#start()} or {@link Monitor#start(String, String)}
 * and recorded when closed. It ends as {@link Outcome#SUCCESS} unless marked otherwise first:
 *
 * <pre>{@code
 * try (Call call = monitor.start("github", "create_issue")) {
 *     CallToolResult r = handler.apply(args);
 *     if (Boolean.TRUE.equals(r.isError())) call.toolError(firstText(r));
 *     return r;
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread starts, marks and closes it. Closing twice records once.
 */
public final class Call implements AutoCloseable {

    private final ToolTimer timer;
    private final Clock clock;
    private final long startNanos;
    private Outcome outcome = Outcome.SUCCESS;
    private String errorType;
    private String errorMessage;
    private boolean recorded;

    Call(ToolTimer timer, Clock clock) {
        this.timer = timer;
        this.clock = clock;
        this.startNanos = clock.monotonicNanos();
    }

    /** Marks the call as ended with {@code outcome}, with an optional error type and message. */
    public Call fail(Outcome outcome, String errorType, String message) {
        this.outcome = java.util.Objects.requireNonNull(outcome, "outcome");
        this.errorType = errorType;
        this.errorMessage = message;
        return this;
    }

    /** Marks the call as a {@link Outcome#TOOL_ERROR}: a result with {@code isError: true}. */
    public Call toolError(String message) {
        return fail(Outcome.TOOL_ERROR, "tool_error", message);
    }

    /** Marks the call as an {@link Outcome#EXCEPTION} thrown by the handler. */
    public Call error(Throwable t) {
        return fail(Outcome.EXCEPTION, t.getClass().getName(), t.getMessage());
    }

    /** Records the call now and returns its duration in nanoseconds. Later calls return -1. */
    public long stop() {
        if (recorded) {
            return -1;
        }
        recorded = true;
        long duration = clock.monotonicNanos() - startNanos;
        timer.record(duration, outcome, errorType, errorMessage);
        return duration;
    }

    @Override
    public void close() {
        stop();
    }
}
