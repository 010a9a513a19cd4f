package io.mcpmonitor.mcp.server;

import static io.mcpmonitor.mcp.server.SidecarProcess.structured;
import static io.mcpmonitor.mcp.server.SidecarProcess.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tools over Streamable HTTP, the token, the Origin check, the bind rule. */
class SidecarHttpIT {

    static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    @TempDir
    Path store;

    static HttpResponse<String> post(URI endpoint, String token, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INIT, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesEveryToolOverStreamableHttpBehindItsToken() throws Exception {
        try (SidecarProcess.Http http = SidecarProcess.http(store, "--http", "127.0.0.1:0", "--token", "s3cret")) {
            assertThat(http.endpoint().getHost()).isEqualTo("127.0.0.1");
            McpSyncClient client = http.client("s3cret");
            try {
                CallToolResult tracked = client.callTool(CallToolRequest.builder("track_performance").arguments(
                        Map.of("mcpServer", "ts-server", "toolName", "render", "duration", 80, "success", false,
                                "errorMessage", "timeout talking to chrome")).build());
                assertThat(tracked.isError()).as(text(tracked)).isFalse();
                CallToolResult metrics = client.callTool(CallToolRequest.builder("get_metrics")
                        .arguments(Map.of("mcpServer", "ts-server", "aggregation", "error_rate")).build());
                Map<?, ?> summary = (Map<?, ?>) structured(metrics).get("summary");
                assertThat(((Number) summary.get("totalCalls")).longValue()).isEqualTo(1);
                assertThat(((Number) summary.get("errorRate")).doubleValue()).isEqualTo(100.0);
                CallToolResult bad = client.callTool(CallToolRequest.builder("get_metrics")
                        .arguments(Map.of("aggregation", "mean")).build());
                assertThat(bad.isError()).isTrue();
                assertThat(text(bad)).startsWith("aggregation:");
                assertThat(client.listTools().tools()).extracting(t -> t.name()).contains("list_servers");
            } finally {
                client.closeGracefully();
            }
            assertThat(http.stderr()).noneMatch(l -> l.contains("s3cret"));
        }
    }

    @Test
    void refusesRequestsWithoutTheTokenAndFromForeignOrigins() throws Exception {
        try (SidecarProcess.Http http = SidecarProcess.http(store, "--http", "127.0.0.1:0", "--token", "s3cret")) {
            assertThat(post(http.endpoint(), null, null).statusCode()).isEqualTo(401);
            assertThat(post(http.endpoint(), "wrong", null).statusCode()).isEqualTo(401);
            HttpResponse<String> foreign = post(http.endpoint(), "s3cret", "https://evil.example");
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(foreign.body()).contains("origin not allowed");
            assertThat(post(http.endpoint(), "s3cret", "http://localhost:6274").statusCode()).isEqualTo(200);
            assertThat(post(http.endpoint(), "s3cret", null).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> http.client(null)).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void withoutATokenOnlyLoopbackIsServed() throws Exception {
        Process p = SidecarProcess.spawn(store, "--http", "0.0.0.0:0");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("refusing to serve on 0.0.0.0 without --token");

        try (SidecarProcess.Http http = SidecarProcess.http(store, "--http", "127.0.0.1:0")) {
            assertThat(post(http.endpoint(), null, null).statusCode()).isEqualTo(200);
            assertThat(post(http.endpoint(), null, "https://evil.example").statusCode()).isEqualTo(403);
        }
    }
}
