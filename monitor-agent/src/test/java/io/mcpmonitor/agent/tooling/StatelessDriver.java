package io.mcpmonitor.agent.tooling;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Runs in {@link InProcessDispatchTest}'s isolated class loader, next to a (woven or plain) copy of the SDK:
 * a stateless server with tools {@code ok}, {@code fail} (isError), {@code boom} (failing Mono) and
 * {@code slow} (completes after 50 ms on a timer), driven through the SDK's own dispatch. {@code apply(tool)}
 * returns the JSON-RPC response as text.
 */
public final class StatelessDriver implements Function<String, String> {

    private final McpStatelessServerHandler handler;
    private final AtomicInteger ids = new AtomicInteger();

    public StatelessDriver() {
        CallToolResult ok = CallToolResult.builder().addTextContent("ok").isError(false).build();
        CallToolResult failed = CallToolResult.builder().addTextContent("failed").isError(true).build();
        Transport transport = new Transport();
        McpServer.async(transport)
                .serverInfo("in-process", "1.0.0")
                .capabilities(ServerCapabilities.builder().tools(false).build())
                .tools(tool("ok", Mono.just(ok)), tool("fail", Mono.just(failed)),
                        tool("boom", Mono.error(new IllegalStateException("boom"))),
                        tool("slow", Mono.delay(Duration.ofMillis(50)).thenReturn(ok)))
                .build();
        this.handler = transport.handler;
    }

    @Override
    public String apply(String tool) {
        JSONRPCRequest request = new JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_CALL,
                ids.incrementAndGet(), Map.of("name", tool, "arguments", Map.of()));
        return String.valueOf(handler.handleRequest(McpTransportContext.EMPTY, request).block(Duration.ofSeconds(10)));
    }

    private static AsyncToolSpecification tool(String name, Mono<CallToolResult> result) {
        return AsyncToolSpecification.builder()
                .tool(Tool.builder().name(name).description(name).inputSchema(Map.of("type", "object")).build())
                .callHandler((context, request) -> result)
                .build();
    }

    private static final class Transport implements McpStatelessServerTransport {
        McpStatelessServerHandler handler;

        @Override
        public void setMcpHandler(McpStatelessServerHandler h) {
            this.handler = h;
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }
}
