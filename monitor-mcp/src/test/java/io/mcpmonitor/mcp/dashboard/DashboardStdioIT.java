package io.mcpmonitor.mcp.dashboard;

import static io.mcpmonitor.mcp.server.SidecarProcess.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.mcp.server.StdioSidecar;
import io.mcpmonitor.testkit.Patience;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** get_performance_dashboard through the official MCP client over stdio, against the real sidecar. */
class DashboardStdioIT {

    @RegisterExtension
    static final StdioSidecar sidecar = new StdioSidecar(Patience.START);

    static CallToolResult call(String tool, Map<String, Object> args) {
        return sidecar.call(tool, args);
    }

    static List<Map<String, Object>> batch(String server, String tool, double ms, int calls, int failures) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            out.add(Map.of("mcpServer", server, "toolName", tool, "duration", ms, "success", i >= failures));
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersHealthPerServerTotalsAndSystemHealth() {
        List<Map<String, Object>> metrics = new ArrayList<>(batch("fast-server", "ping", 12, 50, 0));
        metrics.addAll(batch("slow-server", "report", 2500, 20, 0));
        metrics.addAll(batch("flaky-server", "pay", 40, 20, 2));
        assertThat(call("track_performance", Map.of("metrics", metrics)).isError()).isFalse();

        CallToolResult r = call("get_performance_dashboard", Map.of());
        assertThat(r.isError()).as(text(r)).isFalse();
        Map<String, Object> d = (Map<String, Object>) r.structuredContent();
        assertThat(d).containsEntry("refreshInterval", 30).containsKeys("generatedAt", "nextRefreshAt", "totals", "systemHealth");
        List<Map<String, Object>> servers = (List<Map<String, Object>>) d.get("servers");
        // slow (p95 2.5 s, over twice the critical 1 s) and flaky (10 % errors, twice the critical 5 %) both lose the
        // most one metric can cost, 60: least healthy first, then by name
        assertThat(servers).extracting(s -> s.get("mcpServer")).containsExactly("flaky-server", "slow-server", "fast-server");
        assertThat(servers).extracting(s -> s.get("healthScore")).containsExactly(40, 40, 100);
        Map<String, Object> fast = servers.get(2);
        assertThat(fast).containsEntry("status", "healthy").containsEntry("healthScore", 100).containsEntry("activeAlerts", 0)
                .containsKeys("avgResponseTime", "p95ResponseTime", "errorRate");
        assertThat(((Number) fast.get("p95ResponseTime")).doubleValue()).isBetween(11.9, 12.2);
        Map<String, Object> slow = servers.get(1);
        assertThat(slow).containsEntry("status", "critical");
        assertThat((List<String>) slow.get("reasons")).singleElement().asString().contains("report: p95", "critical threshold 1000 ms");
        Map<String, Object> flaky = servers.get(0);
        assertThat(((Number) flaky.get("errorRate")).doubleValue()).isEqualTo(10.0);
        assertThat(flaky).containsEntry("status", "critical");
        Map<String, Object> totals = (Map<String, Object>) d.get("totals");
        assertThat(totals).containsEntry("servers", 3).containsEntry("healthy", 1).containsEntry("critical", 2).containsEntry("calls", 90);
        Map<String, Object> system = (Map<String, Object>) d.get("systemHealth");
        assertThat(system).containsEntry("status", "critical").containsEntry("healthScore", slow.get("healthScore"));
        assertThat(text(r)).contains("system critical", "3 servers", "fast-server: healthy 100");

        CallToolResult later = call("get_performance_dashboard", Map.of("refreshInterval", 5));
        assertThat((Map<String, Object>) later.structuredContent()).containsEntry("refreshInterval", 5);
        assertThat(text(later)).contains("refresh in 5 s");
    }

    @Test
    void isListedWithItsSchema() {
        Tool tool = sidecar.client().listTools().tools().stream().filter(t -> t.name().equals("get_performance_dashboard")).findFirst()
                .orElseThrow();
        assertThat(tool.inputSchema()).containsEntry("type", "object");
        assertThat(tool.description()).contains("health score");
    }

    static List<Object[]> badCalls() {
        return List.of(new Object[] {Map.of("refreshInterval", 0), "refreshInterval", "from 1 to 3600"},
                new Object[] {Map.of("refreshInterval", 2.5), "refreshInterval", "whole number"},
                new Object[] {Map.of("refreshInterval", "soon"), "refreshInterval", "must be a finite number"},
                new Object[] {Map.of("refresh", 10), "refresh", "unknown argument"});
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badCalls")
    void badInputIsAnErrorResultNamingTheField(Map<String, Object> args, String field, String problem) {
        CallToolResult r = call("get_performance_dashboard", args);
        assertThat(r.isError()).isTrue();
        assertThat(text(r)).startsWith(field + ":").contains(problem);
    }
}
