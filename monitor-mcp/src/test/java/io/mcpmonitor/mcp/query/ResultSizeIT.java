package io.mcpmonitor.mcp.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.mcp.server.SidecarProcess;
import io.mcpmonitor.mcp.server.StdioJvm;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a call cost the assistant's context: example-server under the agent answers {@code echo} with a text of
 * exactly 10,000 bytes in UTF-8 (4,000 characters, 3,000 of them three bytes long, so bytes and characters
 * differ); the sidecar's get_metrics shows 10,000 bytes exactly as p50, p95 and max and the exact total, a
 * {@code result_size} rule fires, and the report has its "Context cost" section with the tool.
 */
class ResultSizeIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String PAYLOAD = "€".repeat(3000) + "a".repeat(1000);
    static final int CALLS = 3;

    @TempDir
    Path store;

    @Test
    @SuppressWarnings("unchecked")
    void aTenThousandByteResultIsMeasuredExactlyAlertedOnAndReported() throws Exception {
        assertThat(PAYLOAD.getBytes(StandardCharsets.UTF_8)).hasSize(10_000);
        Instant start = Instant.now().minus(Duration.ofMinutes(10));
        McpSyncClient sidecar = SidecarProcess.stdio(store, TIMEOUT, null);
        try {
            CallToolResult rule = call(sidecar, "set_alert_threshold", Map.of("mcpServer", "sized", "toolName", "echo",
                    "metric", "result_size", "statistic", "max", "threshold", 8000, "severity", "warning",
                    "pendingSeconds", 0, "minCalls", 1));
            assertThat(rule.isError()).as("%s", rule.content()).isFalse();

            McpSyncClient example = StdioJvm.client(StdioJvm.exampleServer("server=sized,store=" + store + ",flush=1s").build(),
                    TIMEOUT, null);
            try {
                for (int i = 0; i < CALLS; i++) {
                    CallToolResult r = example.callTool(CallToolRequest.builder("echo")
                            .arguments(Map.of("text", PAYLOAD)).build());
                    assertThat(((TextContent) r.content().get(0)).text()).isEqualTo(PAYLOAD);
                }
            } finally {
                example.closeGracefully(); // the agent's last flush runs at shutdown
            }

            assertThat(size(sidecar, "result_size_max", start)).isEqualTo(10_000.0);
            assertThat(size(sidecar, "result_size_p50", start)).isEqualTo(10_000.0);
            assertThat(size(sidecar, "result_size_p95", start)).isEqualTo(10_000.0);
            assertThat(size(sidecar, "result_size_total", start)).isEqualTo(CALLS * 10_000.0);

            Map<String, Object> alert = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (alert == null && System.nanoTime() < deadline) {
                List<Map<String, Object>> open = (List<Map<String, Object>>) ((Map<String, Object>)
                        call(sidecar, "get_active_alerts", Map.of()).structuredContent()).get("alerts");
                alert = open.stream().filter(a -> "result_size".equals(a.get("metric"))).findFirst().orElse(null);
                if (alert == null) {
                    Thread.sleep(500);
                }
            }
            assertThat(alert).as("a result_size alert opens").isNotNull();
            assertThat(alert).containsEntry("toolName", "echo").containsEntry("unit", "bytes");
            assertThat(((Number) alert.get("currentValue")).doubleValue()).isEqualTo(10_000.0);

            CallToolResult report = call(sidecar, "generate_performance_report", Map.of(
                    "startTime", start.toString(), "endTime", Instant.now().plus(Duration.ofMinutes(1)).toString()));
            String markdown = ((TextContent) report.content().get(0)).text();
            assertThat(markdown).contains("## Context cost");
            String section = markdown.substring(markdown.indexOf("## Context cost"), markdown.indexOf("## Anomalies"));
            assertThat(section).contains("| 1 | sized | echo |").contains("30,000").contains("7,500");
        } finally {
            sidecar.closeGracefully();
        }
    }

    private static CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(CallToolRequest.builder(tool).arguments(args).build());
    }

    @SuppressWarnings("unchecked")
    private static double size(McpSyncClient sidecar, String aggregation, Instant start) {
        CallToolResult r = call(sidecar, "get_metrics", Map.of("mcpServer", "sized", "toolName", "echo",
                "aggregation", aggregation, "startTime", start.toString()));
        assertThat(r.isError()).as("%s", r.content()).isFalse();
        Map<String, Object> s = (Map<String, Object>) r.structuredContent();
        assertThat(s).containsEntry("unit", "bytes");
        List<Map<String, Object>> points = (List<Map<String, Object>>) s.get("points");
        assertThat(points).hasSize(1);
        return ((Number) points.get(0).get("value")).doubleValue();
    }
}
