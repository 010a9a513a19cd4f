package io.mcpmonitor.benchmarks.agent;

import com.sun.tools.attach.VirtualMachine;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

/**
 * The cost the agent adds to one {@code tools/call}, measured through the SDK's own
 * server dispatch. A stateless MCP server (SDK 2.x, the {@code McpStatelessAsyncServer} the agent instruments,
 * as it does {@code McpAsyncServer}) gets a JSON-RPC {@code tools/call} request object straight from an
 * in-memory transport: params conversion, tool lookup, input validation, the tool (an immediate
 * {@code Mono.just}) and the JSON-RPC response, everything but the wire.
 *
 * <p>{@code agent=false} and {@code agent=true} run in the same JMH run, in separate forks; with
 * {@code agent=true} the packaged agent ({@code monitor-agent/target/monitor-agent.jar}, or
 * {@code -Dmonitor.agent.jar=...}) is attached to the fork before the SDK's classes load, so they are woven
 * exactly as with {@code -javaagent}. The difference of the two scores is the agent's cost per call; run with
 * {@code -prof gc} for the bytes allocated per call. Target: under 0.5 µs added.
 *
 * <pre>
 * java -Dmonitor.agent.jar=monitor-agent/target/monitor-agent.jar -jar benchmarks/target/benchmarks.jar \
 *     ToolCallDispatchBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = "-Djdk.attach.allowAttachSelf=true")
public class ToolCallDispatchBenchmark {

    @Param({"false", "true"})
    public boolean agent;

    private McpStatelessServerHandler handler;
    private McpTransportContext context;
    private JSONRPCRequest echo;
    private JSONRPCRequest noSchema;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (agent) {
            attachAgent();
        }
        McpJsonMapper json = McpJsonDefaults.getMapper();
        CallToolResult answer = CallToolResult.builder().addTextContent("hello").isError(false).build();
        InMemoryTransport transport = new InMemoryTransport();
        McpStatelessAsyncServer server = McpServer.async(transport)
                .serverInfo("bench-server", "1.0.0")
                .capabilities(ServerCapabilities.builder().tools(false).build())
                .tools(
                        AsyncToolSpecification.builder()
                                .tool(Tool.builder().name("echo").description("echo")
                                        .inputSchema(json, "{\"type\":\"object\",\"properties\":"
                                                + "{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}")
                                        .build())
                                .callHandler((ctx, request) -> Mono.just(answer))
                                .build(),
                        AsyncToolSpecification.builder()
                                .tool(Tool.builder().name("ping").description("ping")
                                        .inputSchema(json, "{\"type\":\"object\"}").build())
                                .callHandler((ctx, request) -> Mono.just(answer))
                                .build())
                .build();
        if (server == null || transport.handler == null) {
            throw new IllegalStateException("the server did not register its handler");
        }
        handler = transport.handler;
        context = McpTransportContext.EMPTY;
        echo = new JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_CALL, 1,
                Map.of("name", "echo", "arguments", Map.of("text", "hello")));
        noSchema = new JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_CALL, 2,
                Map.of("name", "ping", "arguments", Map.of()));
        // Fail fast if the dispatch does not work (or the agent changed an answer).
        JSONRPCResponse r = handler.handleRequest(context, echo).block();
        if (r == null || r.error() != null) {
            throw new IllegalStateException("tools/call failed: " + r);
        }
    }

    /** A tool whose arguments the SDK validates against its JSON schema (the default in 2.x). */
    @Benchmark
    public JSONRPCResponse toolCallWithInputValidation() {
        return handler.handleRequest(context, echo).block();
    }

    /** A tool without properties to validate: the dispatch itself, so the agent's share is larger. */
    @Benchmark
    public JSONRPCResponse toolCallMinimal() {
        return handler.handleRequest(context, noSchema).block();
    }

    private static void attachAgent() throws Exception {
        Path jar = Path.of(System.getProperty("monitor.agent.jar", "monitor-agent/target/monitor-agent.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " not found: run from the repository root after "
                    + "mvn package, or pass -jvmArgsAppend -Dmonitor.agent.jar=...");
        }
        Path store = Files.createTempDirectory("agent-bench-store");
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(jar.toAbsolutePath().toString(), "store=" + store + ",server=bench");
        } finally {
            vm.detach();
        }
    }

    /** Keeps the handler the server registers; nothing goes over a wire. */
    static final class InMemoryTransport implements McpStatelessServerTransport {
        volatile McpStatelessServerHandler handler;

        @Override
        public void setMcpHandler(McpStatelessServerHandler mcpHandler) {
            this.handler = mcpHandler;
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }
}
