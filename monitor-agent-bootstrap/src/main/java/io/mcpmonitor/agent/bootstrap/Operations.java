package io.mcpmonitor.agent.bootstrap;

import java.util.Map;

/**
 * The bridge of the woven advice on the SDK's handlers of MCP methods other than tools/call:
 * {@code resources/read}, {@code prompts/get} and {@code initialize}. Like {@link Bridge} for tools: static, on
 * the bootstrap class path, JDK types only; every method is thread-safe and never throws into the host (a
 * failure goes to {@link CallSink#internalError}); off, an entry returns after one volatile read. Per operation
 * one {@link Operation} is allocated. These are not on a tool call's path, so names are resolved with plain
 * reflection ({@link OperationNames}).
 */
public final class Operations {

    public static final String RESOURCES_READ = "resources/read";
    public static final String PROMPTS_GET = "prompts/get";
    public static final String INITIALIZE = "initialize";

    private Operations() {
    }

    /** At the entry of a handler: the start time, or {@link Bridge#NOT_TIMED}. */
    public static long enter() {
        if (!Bridge.isEnabled()) {
            return Bridge.NOT_TIMED;
        }
        long t = System.nanoTime();
        return t == Bridge.NOT_TIMED ? 1 : t;
    }

    /**
     * At the exit of the request handler of {@code method} ({@code handle(exchange or context, params)}): the
     * operation to attach to the returned publisher, or null (not timed, or a synchronous throw, recorded here).
     */
    public static Operation exit(String method, long startNanos, Object server, Object exchange, Object params,
                                 Throwable thrown) {
        if (startNanos == Bridge.NOT_TIMED) {
            return null;
        }
        try {
            String name = switch (method) {
                case RESOURCES_READ -> OperationNames.resource(server, param(params, "uri"));
                case PROMPTS_GET -> OperationNames.prompt(server, param(params, "name"));
                default -> OperationNames.protocolVersion(param(params, "protocolVersion"));
            };
            return started(method, startNanos, server, name, ClientLabels.of(exchange), thrown);
        } catch (Throwable t) {
            Bridge.internalError(method + " exit", t);
            return null;
        }
    }

    /**
     * At the exit of a stateful server's {@code initialize} handler ({@code asyncInitializeRequestHandler(request)}):
     * named by the protocol version it answers with, attributed to the {@code clientInfo} of the request.
     */
    public static Operation initializeExit(long startNanos, Object server, Object request, Throwable thrown) {
        if (startNanos == Bridge.NOT_TIMED) {
            return null;
        }
        try {
            String requested = OperationNames.protocolVersion(OperationNames.component(request, "protocolVersion"));
            return started(INITIALIZE, startNanos, server, requested,
                    ClientLabels.ofInfo(OperationNames.component(request, "clientInfo")), thrown);
        } catch (Throwable t) {
            Bridge.internalError("initialize exit", t);
            return null;
        }
    }

    private static Operation started(String method, long startNanos, Object server, String name, String client,
                                     Throwable thrown) {
        Operation op = new Operation(Bridge.sink(), method, Bridge.serverName(server), name, client, startNanos);
        if (thrown != null) {
            op.accept(thrown);
            return null;
        }
        return op;
    }

    private static Object param(Object params, String key) {
        return params instanceof Map<?, ?> map ? map.get(key) : null;
    }
}
