package io.mcpmonitor.agent.bootstrap;

/**
 * Where the bridge hands finished calls: implemented by the agent's tooling (on top of monitor-core's
 * {@code Monitor}), seen by the bridge through this JDK-only type only.
 *
 * <p>Implementations must be thread-safe, must not block, and must never throw: they are called on the
 * host's threads, at the completion of each tool call. <b>Units:</b> durations are nanoseconds from
 * {@link System#nanoTime()}. Outcome codes are the constants of {@link Bridge}.
 */
public abstract class CallSink {

    /** Drops everything: the sink before the agent is installed, and after it is switched off. */
    public static final CallSink NOOP = new CallSink() {
        @Override
        public void record(String server, String tool, long durationNanos, int outcome) {
        }

        @Override
        public void recordError(String server, String tool, long durationNanos, int outcome, String errorType,
                                String errorMessage) {
        }

        @Override
        public void internalError(String where, Throwable error) {
        }
    };

    /** Records a call that ended without error detail (success, or a failure whose detail is unknown). */
    public abstract void record(String server, String tool, long durationNanos, int outcome);

    /** Records a failed call with its error type (an exception class name) and message; both may be null. */
    public abstract void recordError(String server, String tool, long durationNanos, int outcome, String errorType,
                                     String errorMessage);

    /**
     * Records a call of a known client ({@code client} = {@code name/version}, or null when it did not say);
     * {@code errorType} and {@code errorMessage} are null for a call without error detail. The default drops
     * the client and records as {@link #record} / {@link #recordError}.
     */
    public void recordCall(String server, String tool, String client, long durationNanos, int outcome,
                           String errorType, String errorMessage) {
        if (errorType == null && errorMessage == null) {
            record(server, tool, durationNanos, outcome);
        } else {
            recordError(server, tool, durationNanos, outcome, errorType, errorMessage);
        }
    }

    /**
     * Records an operation of an MCP method other than tools/call ({@code resources/read}, {@code prompts/get},
     * {@code initialize}): {@code name} is what it was about (URI template, prompt name, protocol version),
     * {@code client} the caller's label or null; {@code errorType} and {@code errorMessage} are null for an
     * operation without error detail. The default drops it.
     */
    public void recordOperation(String method, String server, String name, String client, long durationNanos,
                                int outcome, String errorType, String errorMessage) {
    }

    /**
     * The size of a call's result: {@code textBytes} (UTF-8 of its text contents, measured) and its structured
     * content, not yet measured ({@code structured}, null if none): an implementation serialises it off the
     * host's thread, and never keeps it long. Called before the call itself is recorded. The default drops it.
     */
    public void resultSize(String server, String tool, long textBytes, Object structured) {
    }

    /**
     * A server object handled its first tools/call: its resolved name and the version it announces in
     * {@code serverInfo} (null if none). Called once per server object, on the host's thread: an
     * implementation hands the work off and returns at once.
     */
    public void serverSeen(String server, String version) {
    }

    /** Reports an exception the agent caught inside the host (advice or callback); counted, logged rate-limited. */
    public abstract void internalError(String where, Throwable error);
}
