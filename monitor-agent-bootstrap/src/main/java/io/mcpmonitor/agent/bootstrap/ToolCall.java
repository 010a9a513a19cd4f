package io.mcpmonitor.agent.bootstrap;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One timed tool call, from dispatch until its result is known. It is the callback attached to the
 * handler's publisher: {@code doOnSuccess(call)}, {@code doOnError(call)} (both through
 * {@link #accept(Object)}: a success value is never a {@link Throwable}), {@code doOnCancel(call)}
 * ({@link #run()}), or a {@link java.util.concurrent.CompletionStage}'s {@code whenComplete(call)}.
 *
 * <p>Thread-safe: the first terminal signal records the call, later ones (a re-subscription, a cancel
 * racing a completion) are ignored. Never throws. Per-call state lives here, not in thread-locals, so
 * calls completing on other threads, out of order, are timed independently.
 */
public final class ToolCall implements Consumer<Object>, Runnable, BiConsumer<Object, Throwable> {

    private static final AtomicIntegerFieldUpdater<ToolCall> DONE =
            AtomicIntegerFieldUpdater.newUpdater(ToolCall.class, "done");

    private final CallSink sink;
    private final String server;
    private final String tool;
    private final long startNanos;
    private boolean invalidArguments;
    // The calling client's label, or null; set once before the call is handed to the host's publisher.
    private String client;
    private volatile int done;

    ToolCall(CallSink sink, String server, String tool, long startNanos) {
        this.sink = sink;
        this.server = server;
        this.tool = tool;
        this.startNanos = startNanos;
    }

    void client(String label) {
        client = label;
    }

    void markInvalidArguments() {
        invalidArguments = true;
    }

    /** The result (success, or a tool result that may carry {@code isError: true}) or the error. */
    @Override
    public void accept(Object signal) {
        if (done != 0) {
            return; // the completion that follows a value, or a late signal: already recorded
        }
        long durationNanos = System.nanoTime() - startNanos;
        if (!DONE.compareAndSet(this, 0, 1)) {
            return;
        }
        InFlightCalls.remove(this);
        try {
            if (!(signal instanceof Throwable) && ResultSize.isResult(signal)) {
                // Every answered result reaches the assistant's context, an isError one too.
                sink.resultSize(server, tool, ResultSize.textBytes(signal), ResultSize.structured(signal));
            }
            if (signal instanceof Throwable error) {
                recordFailure(durationNanos, error);
            } else if (invalidArguments) {
                sink.recordCall(server, tool, client, durationNanos, Bridge.INVALID_ARGUMENTS, "invalid_arguments",
                        ToolResults.firstText(signal));
            } else if (ToolResults.isError(signal)) {
                sink.recordCall(server, tool, client, durationNanos, Bridge.TOOL_ERROR, "tool_error",
                        ToolResults.firstText(signal));
            } else {
                sink.recordCall(server, tool, client, durationNanos, Bridge.SUCCESS, null, null);
            }
        } catch (Throwable t) {
            Bridge.internalError("tool call completion", t);
        }
    }

    /** Cancellation of the publisher before it completed. */
    @Override
    public void run() {
        if (done != 0) {
            return;
        }
        long durationNanos = System.nanoTime() - startNanos;
        if (!DONE.compareAndSet(this, 0, 1)) {
            return;
        }
        InFlightCalls.remove(this);
        try {
            sink.recordCall(server, tool, client, durationNanos, Bridge.CANCELLED, null, null);
        } catch (Throwable t) {
            Bridge.internalError("tool call cancel", t);
        }
    }

    /**
     * Counts the call as {@code timeout} if it has been running for {@code limitNanos} or more at
     * {@code nowNanos} and has not ended; its end, if it comes, is then ignored.
     *
     * @return true if it was counted now
     */
    boolean expire(long nowNanos, long limitNanos) {
        long durationNanos = nowNanos - startNanos;
        if (done != 0 || durationNanos < limitNanos || !DONE.compareAndSet(this, 0, 1)) {
            return false;
        }
        try {
            sink.recordError(server, tool, durationNanos, Bridge.TIMEOUT, "timeout",
                    "still running after " + (limitNanos / 1_000_000) + " ms (the agent's timeout)");
        } catch (Throwable t) {
            Bridge.internalError("tool call timeout", t);
        }
        return true;
    }

    /** Completion of a {@link java.util.concurrent.CompletionStage} returned by an included method. */
    @Override
    public void accept(Object value, Throwable error) {
        if (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        accept(error != null ? error : value);
    }

    private void recordFailure(long durationNanos, Throwable error) {
        String type = error.getClass().getName();
        String message = error.getMessage();
        int outcome;
        if (ToolResults.isUnknownToolError(error)) {
            outcome = Bridge.UNKNOWN_TOOL;
        } else if (error instanceof TimeoutException) {
            outcome = Bridge.TIMEOUT;
        } else {
            outcome = Bridge.EXCEPTION;
        }
        sink.recordCall(server, tool, client, durationNanos, outcome, type, message);
    }
}
