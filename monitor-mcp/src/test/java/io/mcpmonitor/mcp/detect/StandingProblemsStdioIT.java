package io.mcpmonitor.mcp.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.mcp.server.StdioSidecar;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A new user's first try: 80 calls of a tool, every one a {@code tool_error}, recorded while no
 * sidecar ran, next to a healthy tool; then the packaged sidecar is started and asked over stdio,
 * with the official MCP client, {@code detect_anomalies {"lookbackWindow":"1h","sensitivity":"high"}}.
 * The failing tool is reported as {@code persistent_errors} with what to do, a tool answering in
 * about 1.5 s on every call (above the default p95 rules of 500 / 1000 ms) as {@code persistent_latency};
 * the healthy one is not reported.
 */
class StandingProblemsStdioIT {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final StdioSidecar sidecar = new StdioSidecar(TIMEOUT);

    @BeforeAll
    static void start() {
        long now = System.currentTimeMillis();
        try (Monitor m = Monitor.builder().storeDirectory(sidecar.store()).flushInterval(Duration.ZERO).writerId("it").build()) {
            for (int i = 0; i < 80; i++) {
                long t = now - 20 * 60_000L + i * 10_000L;
                m.recordAt(t, "billing", "charge", 30_000_000L, Outcome.TOOL_ERROR, "tool_error", "API key not configured");
                m.recordAt(t, "billing", "balance", 20_000_000L, Outcome.SUCCESS, null, null);
                m.recordAt(t, "billing", "invoice", 1_500_000_000L + i * 1_000_000L, Outcome.SUCCESS, null, null);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aToolFailingOnEveryCallIsAStandingProblem() {
        CallToolResult r = sidecar.client().callTool(CallToolRequest.builder("detect_anomalies")
                .arguments(Map.of("lookbackWindow", "1h", "sensitivity", "high")).build());
        assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
        List<Map<String, Object>> anomalies = (List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent())
                .get("anomalies");
        List<Map<String, Object>> standing = anomalies.stream()
                .filter(a -> "persistent_errors".equals(a.get("anomalyType"))).toList();
        assertThat(standing).hasSize(1);
        Map<String, Object> a = standing.get(0);
        assertThat(a).containsEntry("mcpServer", "billing").containsEntry("toolName", "charge")
                .containsEntry("severity", "critical");
        assertThat((String) a.get("description")).contains("80 of 80 calls");
        assertThat((List<String>) a.get("recommendations")).anyMatch(s -> s.contains("API key not configured"));
        assertThat(anomalies).noneMatch(x -> "balance".equals(x.get("toolName")));
        List<Map<String, Object>> slow = anomalies.stream()
                .filter(x -> "persistent_latency".equals(x.get("anomalyType"))).toList();
        assertThat(slow).hasSize(1);
        assertThat(slow.get(0)).containsEntry("toolName", "invoice").containsEntry("severity", "critical");
        assertThat((List<String>) slow.get(0).get("recommendations")).anyMatch(s -> s.contains("set_alert_threshold"));
        String text = r.content().stream().map(c -> c instanceof TextContent t ? t.text() : "").reduce("", String::concat);
        assertThat(text).contains("persistent_errors").contains("billing/charge");
    }
}
