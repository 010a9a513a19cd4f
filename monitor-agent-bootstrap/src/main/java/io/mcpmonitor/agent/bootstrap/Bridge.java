package io.mcpmonitor.agent.bootstrap;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The only agent code the instrumented host calls: static entry points for the inlined advice. It sits on
 * the bootstrap class path, so it is visible from every class loader (Spring Boot's nested-jar loader, a
 * child {@code URLClassLoader}, ...), and it uses JDK types only.
 *
 * <p><b>Contract:</b> every method is thread-safe and never throws into the host; an internal failure is
 * handed to {@link CallSink#internalError} (counted and logged, rate-limited) and the host's call goes on
 * unchanged. When recording is off ({@link #setEnabled(boolean)}), the entry methods return after one read
 * of a {@code volatile boolean}. <b>Per call</b> a tools/call allocates one {@link ToolCall}; nothing is
 * kept in thread-locals across the asynchronous boundary, so concurrent calls are timed independently.
 * <b>Units:</b> nanoseconds from {@link System#nanoTime()}.
 *
 * <pre>{@code
 * // what the advice on McpAsyncServer's tools/call handler does, in effect:
 * long start = Bridge.toolCallEnter();
 * Mono<?> result = ...the SDK's own code...;
 * ToolCall call = Bridge.toolCallExit(start, this, params, null);
 * if (call != null) result = result.doOnSuccess(call).doOnError(call).doOnCancel(call);
 * }</pre>
 */
public final class Bridge {

    /** Outcome codes, as {@code io.mcpmonitor.core.call.Outcome} orders them. */
    public static final int SUCCESS = 0;
    public static final int TOOL_ERROR = 1;
    public static final int EXCEPTION = 2;
    public static final int UNKNOWN_TOOL = 3;
    public static final int INVALID_ARGUMENTS = 4;
    public static final int CANCELLED = 5;
    public static final int TIMEOUT = 6;

    /**
     * Returned by the enter methods when the call is not timed (recording off). Zero, so that an enter advice
     * whose exception was suppressed (its result then defaults to 0) also means "not timed".
     */
    public static final long NOT_TIMED = 0L;
    /** Returned by {@link #methodEnter()} for a call nested in another timed method on the same thread. */
    public static final long NESTED = Long.MIN_VALUE + 1;

    /** The tool name used when a tools/call request carries none. */
    public static final String UNNAMED_TOOL = "(unnamed)";

    // The SDK's default serverInfo name: a server that did not set its own name.
    private static final String SDK_DEFAULT_SERVER_NAME = "Java SDK MCP Server";

    private static volatile boolean enabled;
    private static volatile CallSink sink = CallSink.NOOP;
    // Names: the server= option wins; else what the server announces; else the fallback (jar or main class).
    private static volatile String serverOverride;
    private static volatile String fallbackServer = "java";
    private static volatile ServerNameCache lastServer;

    // Input validation (SDK 2.x) happens synchronously inside the instrumented handler, on the calling thread:
    // the thread-local only carries "the validator just refused" from the validator to the handler's exit,
    // never across the asynchronous boundary. Read only once a validation failure was ever seen. It holds a
    // JDK Boolean, never the host's result object: a bootstrap thread-local must not pin a host class loader.
    private static volatile boolean validationFailureSeen;
    private static final ThreadLocal<Boolean> VALIDATION_FAILURE = new ThreadLocal<>();

    // Call-depth guard for include= methods (synchronous: entry and exit run on the same thread).
    private static final ThreadLocal<int[]> METHOD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Bridge() {
    }

    // ----------------------------------------------------------------------------------------------------
    // Configuration (called by the agent's tooling, never on the hot path)

    /**
     * Installs the sink and the naming rules. {@code serverOverride} may be null (use the announced name);
     * {@code fallbackServer} must not be null.
     */
    public static void configure(CallSink callSink, String override, String fallback) {
        sink = callSink == null ? CallSink.NOOP : callSink;
        serverOverride = override;
        fallbackServer = fallback == null ? "java" : fallback;
        lastServer = null;
    }

    /**
     * Sets the call timeout in nanoseconds: a call running that long is counted as {@link #TIMEOUT}
     * then, by a watchdog thread ({@link InFlightCalls}); {@code 0} turns that off.
     */
    public static void setCallTimeout(long nanos) {
        InFlightCalls.configure(nanos);
    }

    /** Switches recording on or off; takes effect for calls that start afterwards. */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    public static boolean isEnabled() {
        return enabled;
    }

    // ----------------------------------------------------------------------------------------------------
    // tools/call of the MCP SDK (McpAsyncServer, McpStatelessAsyncServer)

    /** At the entry of the SDK's tools/call handler: the start time, or {@link #NOT_TIMED}. */
    public static long toolCallEnter() {
        if (!enabled) {
            return NOT_TIMED;
        }
        if (validationFailureSeen) {
            VALIDATION_FAILURE.remove();
        }
        return now();
    }

    /**
     * At the exit of the SDK's tools/call handler. A synchronous throw is recorded here (and returns null:
     * the throw goes on unchanged); otherwise returns the {@link ToolCall} to attach to the returned
     * publisher, which records the call when it completes, fails or is cancelled. Null when not timed.
     */
    public static ToolCall toolCallExit(long startNanos, Object server, Object params, Throwable thrown) {
        return toolCallExit(startNanos, server, null, params, thrown);
    }

    /**
     * As {@link #toolCallExit(long, Object, Object, Throwable)}, with the handler's first argument: the
     * session's exchange (its {@code clientInfo} names the calling client) or a stateless transport context.
     */
    public static ToolCall toolCallExit(long startNanos, Object server, Object exchange, Object params,
                                        Throwable thrown) {
        if (startNanos == NOT_TIMED) {
            return null;
        }
        try {
            ToolCall call = new ToolCall(sink, serverName(server), toolName(params), startNanos);
            call.client(ClientLabels.of(exchange));
            if (validationFailureSeen && VALIDATION_FAILURE.get() != null) {
                VALIDATION_FAILURE.remove();
                call.markInvalidArguments();
            }
            if (thrown != null) {
                call.accept(thrown);
                return null;
            }
            if (InFlightCalls.enabled()) {
                InFlightCalls.add(call);
            }
            return call;
        } catch (Throwable t) {
            internalError("tools/call exit", t);
            return null;
        }
    }

    /** At the exit of the SDK's input validator (2.x): a non-null result means the arguments were refused. */
    public static void toolInputRejected(Object validationResult) {
        if (validationResult != null && enabled) {
            validationFailureSeen = true;
            VALIDATION_FAILURE.set(Boolean.TRUE);
        }
    }

    // ----------------------------------------------------------------------------------------------------
    // include= methods (any framework): timed on the calling thread, outermost call only

    /** At the entry of an included method: the start time, {@link #NESTED} or {@link #NOT_TIMED}. */
    public static long methodEnter() {
        if (!enabled) {
            return NOT_TIMED;
        }
        try {
            return METHOD_DEPTH.get()[0]++ == 0 ? now() : NESTED;
        } catch (Throwable t) {
            internalError("method enter", t);
            return NOT_TIMED;
        }
    }

    /**
     * At the exit of an included method. A returned {@link CompletionStage} is timed until it completes; a
     * returned object with an {@code isError()} method that answers true is a tool error.
     */
    public static void methodExit(long startNanos, String tool, Object returned, Throwable thrown) {
        if (startNanos == NOT_TIMED) {
            return;
        }
        try {
            METHOD_DEPTH.get()[0]--;
            if (startNanos == NESTED) {
                return;
            }
            String server = serverOverride;
            ToolCall call = new ToolCall(sink, server == null ? fallbackServer : server, tool, startNanos);
            if (thrown != null) {
                call.accept(thrown);
            } else if (returned instanceof CompletionStage<?> stage) {
                if (InFlightCalls.enabled()) {
                    InFlightCalls.add(call);
                }
                stage.whenComplete(call);
            } else {
                call.accept(returned);
            }
        } catch (Throwable t) {
            internalError("method exit", t);
        }
    }

    private static long now() {
        long t = System.nanoTime();
        return t == NOT_TIMED ? 1 : t;
    }

    // ----------------------------------------------------------------------------------------------------
    // Failures inside the agent

    /** Called by the bytecode Byte Buddy generates when an advice method throws (the throw is suppressed). */
    public static void adviceError(Throwable error) {
        internalError("advice", error);
    }

    static void internalError(String where, Throwable error) {
        try {
            sink.internalError(where, error);
        } catch (Throwable ignoredBySink) {
            // The sink's own failure cannot be reported anywhere safer; the host must go on.
        }
    }

    static CallSink sink() {
        return sink;
    }

    // ----------------------------------------------------------------------------------------------------
    // Names

    static String toolName(Object params) {
        if (params instanceof Map<?, ?> map) {
            Object name = map.get("name");
            if (name instanceof String s) {
                return s;
            }
        }
        return UNNAMED_TOOL;
    }

    static String serverName(Object server) {
        ServerNameCache cached = lastServer;
        if (cached != null && cached.get() == server) {
            return cached.name;
        }
        String name = serverOverride;
        if (name == null) {
            name = ToolResults.announcedServerName(server);
            if (name == null || name.isBlank() || SDK_DEFAULT_SERVER_NAME.equals(name)) {
                name = fallbackServer;
            }
        }
        lastServer = new ServerNameCache(server, name);
        // A server object seen for the first time: the sink notes the version it announces (a deployment
        // when that changed since the last run). Never on the path of later calls.
        try {
            sink.serverSeen(name, ToolResults.announcedServerVersion(server));
        } catch (RuntimeException e) {
            sink.internalError("serverSeen", e);
        }
        return name;
    }

    /** The last server seen and its resolved name; weak, so a discarded server can be collected. */
    private static final class ServerNameCache extends WeakReference<Object> {
        final String name;

        ServerNameCache(Object server, String name) {
            super(server);
            this.name = name;
        }
    }
}
