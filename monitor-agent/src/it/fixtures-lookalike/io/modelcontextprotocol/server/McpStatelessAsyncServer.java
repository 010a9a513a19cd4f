package io.modelcontextprotocol.server;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A lookalike of the SDK's stateless server: the same class name and a {@code toolsCallRequestHandler()} whose
 * lambda returns a {@code Mono}, but that lambda takes the request already converted ({@code CallToolRequest})
 * where the SDK's takes the raw params. It stands for an SDK release whose dispatch changed shape: the agent's
 * tools/call advice, which reads the tool name from the raw params, does not fit it and must leave it alone.
 * It shadows the SDK jar's class of the same name (fixture classes come first on the class path); the SDK
 * version under it (1.x) does not load that class for a stateful server.
 */
public final class McpStatelessAsyncServer {

    private final Map<String, Function<Map<String, Object>, CallToolResult>> tools;

    public McpStatelessAsyncServer(Map<String, Function<Map<String, Object>, CallToolResult>> tools) {
        this.tools = Map.copyOf(tools);
    }

    /** Dispatches a call through the handler, as a transport would. */
    public Mono<CallToolResult> call(String tool, Map<String, Object> arguments) {
        return toolsCallRequestHandler().apply(McpTransportContext.EMPTY, new CallToolRequest(tool, arguments));
    }

    private BiFunction<McpTransportContext, CallToolRequest, Mono<CallToolResult>> toolsCallRequestHandler() {
        return (context, request) -> Mono.fromSupplier(() -> tools.get(request.name()).apply(request.arguments()));
    }
}
