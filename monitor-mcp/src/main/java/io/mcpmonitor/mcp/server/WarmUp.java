package io.mcpmonitor.mcp.server;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.LoggerFactory;

/**
 * Loads and initialises, on a second thread, what the first {@code initialize} of a session will need
 * (the JSON mapper, the protocol's message types, Reactor), while the main thread parses the command
 * line and opens the store: on a machine with two cores the two halves of start-up overlap. Only pure
 * work with no effect outside the JVM; a failure is ignored (the main thread then does the same work
 * itself, a little later).
 */
public final class WarmUp {

    private static final String SAMPLE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"warm-up\",\"version\":\"0\"}}}";

    private WarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns at once. */
    public static void start() {
        Thread t = new Thread(WarmUp::run, "mcp-monitor-warm-up");
        t.setDaemon(true);
        t.start();
    }

    static void run() {
        try {
            LoggerFactory.getLogger(WarmUp.class);
            McpJsonMapper json = McpJsonDefaults.getMapper();
            McpSchema.JSONRPCMessage m = McpSchema.deserializeJsonRpcMessage(json, SAMPLE);
            McpSchema.InitializeRequest init = json.convertValue(((McpSchema.JSONRPCRequest) m).params(),
                    McpSchema.InitializeRequest.class);
            json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", 0, new McpSchema.InitializeResult(
                    init.protocolVersion(), McpSchema.ServerCapabilities.builder().tools(false).build(),
                    new McpSchema.Implementation(MonitorMcpServer.NAME, "0"), ""), null));
            reactor.core.publisher.Mono.just(1).map(x -> x + 1).block();
        } catch (Exception | LinkageError ignored) {
            // Only an optimisation: the session does the same work when it needs it.
        }
    }
}
