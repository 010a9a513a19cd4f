package io.mcpmonitor.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleToolsTest {

    private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(5);

    private final ToolDefinitions definitions = ToolDefinitions.create(McpJsonDefaults.getMapper());
    private final ExampleTools tools = new ExampleTools(definitions);

    @Test
    void asyncAndSyncServersGetTheSameFiveToolsInTheSameOrder() {
        assertThat(tools.asyncSpecifications()).extracting(spec -> spec.tool().name())
                .containsExactly("echo", "slow_query", "flaky", "explode", "async_fetch")
                .isEqualTo(tools.syncSpecifications().stream().map(spec -> spec.tool().name()).toList());
    }

    @Test
    void schemasDeclareRequiredArgumentsAndForbidOthers() {
        assertThat(definitions.flaky().inputSchema())
                .containsEntry("required", List.of("failureRate"))
                .containsEntry("additionalProperties", false);
        assertThat(definitions.explode().inputSchema()).doesNotContainKey("required");
    }

    @Test
    void argumentOfWrongTypeIsAnErrorResultNamingTheArgument() {
        CallToolResult result = callAsync("slow_query", Map.of("delayMs", "abc"));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("argument 'delayMs' must be an integer, was String 'abc'");
    }

    @Test
    void delayAboveTheCapIsAnErrorResult() {
        CallToolResult result = callAsync("async_fetch", Map.of("delayMs", ToolDefinitions.MAX_DELAY_MILLIS + 1));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("'delayMs'").contains("60000");
    }

    @Test
    void explodeThrowsFromTheHandler() {
        SyncToolSpecification explode = syncSpec("explode");

        assertThatIllegalStateException()
                .isThrownBy(() -> explode.callHandler()
                        .apply(null, CallToolRequest.builder("explode").arguments(Map.of()).build()))
                .withMessage("boom: explode was called");
    }

    @Test
    void asyncFetchWithZeroDelayCompletesWithItsResource() {
        CallToolResult result = callAsync("async_fetch", Map.of("delayMs", 0, "resource", "orders"));

        assertThat(text(result)).isEqualTo("fetched orders after 0 ms");
    }

    @Test
    void flakyRejectsARateAboveOne() {
        CallToolResult result = callAsync("flaky", Map.of("failureRate", 1.5));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("'failureRate'").contains("1.5");
    }

    private CallToolResult callAsync(String name, Map<String, Object> arguments) {
        AsyncToolSpecification spec = tools.asyncSpecifications().stream()
                .filter(candidate -> candidate.tool().name().equals(name))
                .findFirst()
                .orElseThrow();
        return spec.callHandler()
                .apply(null, CallToolRequest.builder(name).arguments(arguments).build())
                .block(BLOCK_TIMEOUT);
    }

    private SyncToolSpecification syncSpec(String name) {
        return tools.syncSpecifications().stream()
                .filter(candidate -> candidate.tool().name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }
}
