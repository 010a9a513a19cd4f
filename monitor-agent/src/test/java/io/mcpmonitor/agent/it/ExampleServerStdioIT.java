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
        long delayMillis = 1000;
        double warmUpMillis;
        double burstMillis;
        try {
            client.initialize().block(McpSession.REQUEST_TIMEOUT);
            // Warm the tool up first, so the burst measures the calls, not the first call's validator set-up.
            long warmUpStarted = System.nanoTime();
            client.callTool(new CallToolRequest("slow_query", Map.of("delayMs", 1))).block(McpSession.REQUEST_TIMEOUT);
            warmUpMillis = (System.nanoTime() - warmUpStarted) / 1e6;
            long started = System.nanoTime();
            List<CallToolResult> results = Flux.fromStream(IntStream.range(0, calls).boxed())
                    .flatMap(i -> client.callTool(new CallToolRequest("slow_query", Map.of("delayMs", delayMillis))),
                            calls)
                    .collectList().block(McpSession.REQUEST_TIMEOUT);
            burstMillis = (System.nanoTime() - started) / 1e6;
            assertThat(results).hasSize(calls).allMatch(r -> !Boolean.TRUE.equals(r.isError()));
            // The server ran them in parallel: one after the other they take calls x delay; the half leaves
            // seconds for the overhead of a loaded machine.
            assertThat(burstMillis).isLessThan(calls * delayMillis / 2.0);
        } finally {
            client.closeGracefully().block(Duration.ofSeconds(30));
        }

        StoreContents contents = StoreContents.read(store);
        assertThat(contents.total(SERVER, "slow_query")).isEqualTo(calls + 1);
        var histogram = contents.histogram(SERVER, "slow_query");
        // Each call timed on its own: a call's time on the server lies inside the client's wait for it, so no
        // recorded duration exceeds the longer of the warm-up's and the burst's round trip (read back within
        // 1 %), and the burst's is less than half the calls' summed delays.
        double longestWindowMillis = Math.max(warmUpMillis, burstMillis);
        assertThat(histogram.getMaxValue() / 1e6).isLessThanOrEqualTo(longestWindowMillis * 1.01);
        // Every burst call slept its delay; the 1 ms warm-up counts among them only if its own round trip was
        // that long (a first call on a loaded machine can be).
        long atLeastTheDelay = histogram.getCountBetweenValues((long) (delayMillis * 1e6 * 0.99), Long.MAX_VALUE);
        if (warmUpMillis < delayMillis * 0.99) {
            assertThat(atLeastTheDelay).isEqualTo(calls);
        } else {
            assertThat(atLeastTheDelay).isBetween((long) calls, calls + 1L);
        }
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
