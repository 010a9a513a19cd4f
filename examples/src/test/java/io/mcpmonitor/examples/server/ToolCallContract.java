package io.mcpmonitor.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every variant of the example server (async or sync, stdio or HTTP) must do, checked through the
 * official SDK client against the packaged jar running in its own JVM.
 *
 * <p>Each subclass starts one server for all its tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ToolCallContract {

    private ServerUnderTest server;

    /** Starts the server variant under test with an initialized client. */
    abstract ServerUnderTest startServer() throws Exception;

    ServerUnderTest server() {
        return server;
    }

    @BeforeAll
    void startsServer() throws Exception {
        server = startServer();
    }

    @AfterAll
    void stopsServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void identifiesAsExampleServer() {
        McpSchema.Implementation serverInfo = client().getCurrentInitializationResult().serverInfo();

        assertThat(serverInfo.name()).isEqualTo("example-server");
        assertThat(serverInfo.version()).isEqualTo("1.0.0");
    }

    @Test
    void listsFiveToolsEachWithAnObjectInputSchema() {
        List<Tool> tools = client().listTools().tools();

        assertThat(tools).extracting(Tool::name)
                .containsExactlyInAnyOrder("echo", "slow_query", "flaky", "explode", "async_fetch");
        assertThat(tools).allSatisfy(tool -> assertThat(tool.inputSchema()).containsEntry("type", "object"));
        assertThat(tools).filteredOn(tool -> tool.name().equals("slow_query")).singleElement()
                .satisfies(tool -> assertThat(tool.inputSchema()).containsEntry("required", List.of("delayMs")));
    }

    @Test
    void echoReturnsItsTextUnchanged() {
        CallToolResult result = call("echo", Map.of("text", "hello, monitor"));

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).isEqualTo("hello, monitor");
    }

    @Test
    void slowQueryTakesAtLeastItsDelay() {
        long startNanos = System.nanoTime();
        CallToolResult result = call("slow_query", Map.of("delayMs", 200));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).isEqualTo("query finished after 200 ms");
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void flakyWithFailureRateOneReturnsAnErrorResult() {
        CallToolResult result = call("flaky", Map.of("failureRate", 1));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("flaky failed on purpose");
    }

    @Test
    void flakyWithFailureRateZeroSucceeds() {
        CallToolResult result = call("flaky", Map.of("failureRate", 0.0, "seed", 7));

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).startsWith("flaky succeeded");
    }

    @Test
    void explodeFailsWithJsonRpcInternalError() {
        McpError error = catchThrowableOfType(McpError.class, () -> call("explode", Map.of("message", "test")));

        assertThat(error.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INTERNAL_ERROR);
        assertThat(error.getJsonRpcError().message()).isEqualTo("boom: test");
    }

    @Test
    void asyncFetchCompletesAfterItsDelay() {
        long startNanos = System.nanoTime();
        CallToolResult result = call("async_fetch", Map.of("delayMs", 300, "resource", "inventory"));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).isEqualTo("fetched inventory after 300 ms");
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void unknownToolFailsWithInvalidParams() {
        McpError error = catchThrowableOfType(McpError.class, () -> call("no_such_tool", Map.of()));

        assertThat(error.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(error.getJsonRpcError().data()).isEqualTo("Tool not found: no_such_tool");
    }

    @Test
    void wronglyTypedArgumentIsRejectedBySchemaValidation() {
        long startNanos = System.nanoTime();
        CallToolResult result = call("slow_query", Map.of("delayMs", "abc"));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("input validation failed").contains("delayMs");
        // Well under a real query: the tool itself never ran.
        assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void missingRequiredArgumentIsRejectedBySchemaValidation() {
        CallToolResult result = call("echo", Map.of());

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("input validation failed").contains("text");
    }

    @Test
    void concurrentCallsOverlapInsteadOfQueueing() throws Exception {
        int calls = 4;
        long delayMillis = 500;
        ExecutorService callers = Executors.newFixedThreadPool(calls);
        try {
            long startNanos = System.nanoTime();
            List<CompletableFuture<CallToolResult>> results = IntStream.range(0, calls)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> call(i % 2 == 0 ? "slow_query" : "async_fetch", Map.of("delayMs", delayMillis)),
                            callers))
                    .toList();
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);

            assertThat(results).allSatisfy(result -> assertThat(result.join().isError()).isFalse());
            // One after another would take calls * delayMillis = 2 s.
            assertThat(elapsed).isLessThan(Duration.ofMillis(calls * delayMillis - delayMillis / 2));
        } finally {
            callers.shutdownNow();
        }
    }

    McpSyncClient client() {
        return server.client();
    }

    CallToolResult call(String tool, Map<String, Object> arguments) {
        return client().callTool(CallToolRequest.builder(tool).arguments(arguments).build());
    }

    static String text(CallToolResult result) {
        assertThat(result.content()).singleElement().isInstanceOf(TextContent.class);
        return ((TextContent) result.content().get(0)).text();
    }
}
