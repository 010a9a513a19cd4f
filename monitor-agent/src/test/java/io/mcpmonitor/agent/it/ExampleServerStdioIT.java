package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

/**
 * Acceptance 1 (stdio): example-server (SDK 2.x) started as a real JVM with the packaged agent and driven by
 * the official SDK client. N calls per tool give exactly N per tool in the store, each with its outcome, and
 * durations that agree with the requested delays; for the async and the sync server.
 */
class ExampleServerStdioIT {

    static final String SERVER = "example-server";
    static final int N = 3;

    @ParameterizedTest(name = "{0} server")
    @ValueSource(strings = {"async", "sync"})
    void countsEveryToolCallWithItsOutcomeAndDuration(String kind) {
        Path store = ItEnv.workDirectory("stdio-" + kind);
        JavaCommand command = JavaCommand.jar(ItEnv.exampleServerJar(), kind.equals("sync") ? new String[] {"--sync"}
                : new String[0]).agent("store=" + store);
        List<String> stderr;
        try (McpSession session = McpSession.stdio(command)) {
            ExampleServerCalls.makeEach(session, N);
            stderr = session.stderr();
        }

        StoreContents contents = StoreContents.read(store);
        ExampleServerCalls.assertEach(contents, SERVER, N);
        AgentOutput.assertNoWarnings(stderr);
    }

    @Test
    void concurrentCallsAreTimedIndependently() {
        Path store = ItEnv.workDirectory("stdio-concurrent");
        JavaCommand command = JavaCommand.jar(ItEnv.exampleServerJar()).agent("store=" + store);
        ServerParameters params = ServerParameters.builder(ItEnv.java()).args(command.arguments()).build();
        McpAsyncClient client = McpClient.async(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
                .requestTimeout(McpSession.REQUEST_TIMEOUT).initializationTimeout(McpSession.REQUEST_TIMEOUT).build();
        int calls = 8;
        long delayMillis = 400;
        try {
            client.initialize().block(McpSession.REQUEST_TIMEOUT);
            // Warm the tool up first, so the burst measures the calls, not the first call's validator set-up.
            client.callTool(new CallToolRequest("slow_query", Map.of("delayMs", 1))).block();
            long started = System.nanoTime();
            List<CallToolResult> results = Flux.fromStream(IntStream.range(0, calls).boxed())
                    .flatMap(i -> client.callTool(new CallToolRequest("slow_query", Map.of("delayMs", delayMillis))),
                            calls)
                    .collectList().block(McpSession.REQUEST_TIMEOUT);
            double wallMillis = (System.nanoTime() - started) / 1e6;
            assertThat(results).hasSize(calls).allMatch(r -> !Boolean.TRUE.equals(r.isError()));
            // The server ran them in parallel: the burst took far less than calls x delay.
            assertThat(wallMillis).isLessThan(calls * delayMillis / 2.0);
        } finally {
            client.closeGracefully().block(Duration.ofSeconds(30));
        }

        StoreContents contents = StoreContents.read(store);
        assertThat(contents.total(SERVER, "slow_query")).isEqualTo(calls + 1);
        var histogram = contents.histogram(SERVER, "slow_query");
        // Each call timed on its own: none took the sum of the others' time.
        assertThat(histogram.getValueAtPercentile(100) / 1e6).isLessThan(delayMillis + 1500);
        assertThat(histogram.getCountBetweenValues((long) (delayMillis * 1e6 * 0.99), Long.MAX_VALUE))
                .isEqualTo(calls);
    }

    @Test
    void serverOptionNamesTheServer() {
        Path store = ItEnv.workDirectory("stdio-named");
        JavaCommand command = JavaCommand.jar(ItEnv.exampleServerJar())
                .agent("server=billing-mcp,store=" + store);
        try (McpSession session = McpSession.stdio(command)) {
            session.callOk("echo", Map.of("text", "hello"));
        }
        StoreContents contents = StoreContents.read(store);
        assertThat(contents.servers()).containsExactly("billing-mcp");
        assertThat(contents.count("billing-mcp", "echo", Outcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void environmentVariablesConfigureTheAgent() {
        Path store = ItEnv.workDirectory("stdio-env");
        JavaCommand command = JavaCommand.jar(ItEnv.exampleServerJar()).agent("")
                .env("MCP_MONITOR_STORE", store.toString())
                .env("MCP_MONITOR_SERVER", "from-env");
        try (McpSession session = McpSession.stdio(command)) {
            session.callOk("echo", Map.of("text", "hello"));
        }
        assertThat(StoreContents.read(store).count("from-env", "echo", Outcome.SUCCESS)).isEqualTo(1);
    }
}
