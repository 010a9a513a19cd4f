package io.mcpmonitor.mcp.alert;

import static io.mcpmonitor.mcp.server.SidecarProcess.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.mcp.server.SidecarProcess;
import io.mcpmonitor.testkit.Patience;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules, alerts and acknowledgements are the same after the sidecar process is
 * stopped and started again; and the alert tools' error paths name the field.
 */
class AlertRestartIT {

    @TempDir
    Path store;

    static McpSyncClient sidecar(Path store) {
        return SidecarProcess.stdio(store, Patience.START, null);
    }

    static CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(CallToolRequest.builder(tool).arguments(args).build());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(CallToolResult r) {
        return (Map<String, Object>) r.structuredContent();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alerts(McpSyncClient c) {
        return (List<Map<String, Object>>) structured(call(c, "get_active_alerts", Map.of())).get("alerts");
    }

    @Test
    void rulesAlertsAndAcknowledgementsSurviveARestartOfTheSidecar() throws Exception {
        McpSyncClient first = sidecar(store);
        String alertId;
        List<Map<String, Object>> before;
        Object rulesBefore;
        try {
            CallToolResult set = call(first, "set_alert_threshold", Map.of("mcpServer", "billing", "toolName", "charge",
                    "metric", "response_time", "statistic", "p99", "threshold", 250, "severity", "critical",
                    "pendingSeconds", 0, "minCalls", 1));
            assertThat(set.isError()).as(text(set)).isFalse();
            assertThat(structured(set).get("thresholdId")).asString().startsWith("rule-response_time-critical-");
            assertThat(call(first, "delete_alert_rule", Map.of("thresholdId", "default-cpu-warning")).isError()).isFalse();
            CallToolResult silence = call(first, "silence_alerts", Map.of("mcpServer", "batch", "durationMinutes", 120,
                    "createdBy", "ops", "reason", "nightly job"));
            assertThat(silence.isError()).as(text(silence)).isFalse();
            call(first, "track_performance", Map.of("metrics", List.of(
                    Map.of("mcpServer", "billing", "toolName", "charge", "duration", 900, "success", true),
                    Map.of("mcpServer", "billing", "toolName", "charge", "duration", 950, "success", true))));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos(); // a poll: generous for a loaded machine
            List<Map<String, Object>> open = alerts(first);
            while (open.stream().noneMatch(a -> "critical".equals(a.get("severity"))) && System.nanoTime() < deadline) {
                Thread.sleep(250);
                open = alerts(first);
            }
            Map<String, Object> critical = open.stream().filter(a -> "critical".equals(a.get("severity"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no critical alert raised"));
            assertThat(critical).containsEntry("mcpServer", "billing").containsEntry("toolName", "charge")
                    .containsEntry("statistic", "p99").containsEntry("status", "active");
            alertId = (String) critical.get("alertId");
            CallToolResult ack = call(first, "acknowledge_alert", Map.of("alertId", alertId, "acknowledgedBy", "dana",
                    "notes", "card processor slow"));
            assertThat(ack.isError()).as(text(ack)).isFalse();
            assertThat(structured(ack)).containsEntry("status", "acknowledged");
            before = alerts(first);
            rulesBefore = structured(call(first, "list_alert_rules", Map.of())).get("rules");
        } finally {
            first.closeGracefully();
        }

        McpSyncClient second = sidecar(store);
        try {
            List<Map<String, Object>> after = alerts(second);
            assertThat(after).filteredOn(a -> alertId.equals(a.get("alertId"))).singleElement().satisfies(a -> {
                assertThat(a).containsEntry("status", "acknowledged").containsEntry("acknowledgedBy", "dana")
                        .containsEntry("notes", "card processor slow");
            });
            assertThat(after.stream().map(a -> a.get("alertId")).toList())
                    .containsAll(before.stream().map(a -> a.get("alertId")).toList());
            assertThat(structured(call(second, "list_alert_rules", Map.of())).get("rules")).isEqualTo(rulesBefore);
            assertThat(text(call(second, "list_silences", Map.of()))).contains("1 silences");
            CallToolResult filtered = call(second, "get_active_alerts", Map.of("status", "acknowledged", "severity", "critical"));
            assertThat((List<?>) structured(filtered).get("alerts")).hasSize(1);
        } finally {
            second.closeGracefully();
        }
    }

    @Test
    void alertToolsNameTheFieldThatIsWrong() {
        McpSyncClient c = sidecar(store);
        try {
            assertThat(text(call(c, "set_alert_threshold", Map.of("metric", "latency", "threshold", 1, "severity", "warning"))))
                    .startsWith("metric: unknown value 'latency'");
            assertThat(text(call(c, "set_alert_threshold", Map.of("metric", "error_rate", "threshold", 150, "severity", "warning"))))
                    .startsWith("threshold: error_rate is a percentage");
            assertThat(text(call(c, "set_alert_threshold", Map.of("metric", "cpu", "toolName", "x", "threshold", 50, "severity", "warning"))))
                    .startsWith("toolName: cpu is watched per server");
            assertThat(text(call(c, "set_alert_threshold", Map.of("metric", "error_rate", "threshold", 5))))
                    .startsWith("severity: is required");
            assertThat(text(call(c, "acknowledge_alert", Map.of("alertId", "alert-zzz", "acknowledgedBy", "me"))))
                    .startsWith("alertId: no alert 'alert-zzz'");
            assertThat(text(call(c, "acknowledge_alert", Map.of("alertId", "alert-1"))))
                    .startsWith("acknowledgedBy: is required");
            assertThat(text(call(c, "get_active_alerts", Map.of("status", "resolved"))))
                    .startsWith("status: must be active, acknowledged or escalated");
            assertThat(text(call(c, "delete_alert_rule", Map.of("thresholdId", "nope")))).startsWith("thresholdId: no rule 'nope'");
            assertThat(text(call(c, "silence_alerts", Map.of("durationMinutes", -5, "createdBy", "me"))))
                    .startsWith("durationMinutes: must be between 0 and 43200");
        } finally {
            c.closeGracefully();
        }
    }
}
