package io.mcpmonitor.mcp.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.mcp.server.SidecarProcess;
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
 * Sparse series need evidence pooled over time: in a day of 300 series (about 300,000 calls,
 * {@link SparseDayScene}) two 30-minute incidents on tools called about 0.75 times a minute — one
 * 8 times slower over 22 calls, one failing on 17 of 24 calls — are both reported by the packaged
 * sidecar's {@code detect_anomalies {"lookbackWindow":"24h","sensitivity":"medium"}} over stdio,
 * with at most one other anomaly that day. Wall time: writing the day and the sidecar's first
 * (cold) detection, about 20 s on an idle machine.
 */
class SparseIncidentsStdioIT {
    static final Duration TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path store;

    @Test
    @SuppressWarnings("unchecked")
    void bothSparseIncidentsAreFoundAtMediumAndLittleElse() {
        long end = System.currentTimeMillis() / SparseDayScene.MINUTE * SparseDayScene.MINUTE;
        SparseDayScene scene = new SparseDayScene(end);
        scene.write(store);
        assertThat(scene.calls).isBetween(280_000L, 340_000L);

        McpSyncClient client = SidecarProcess.stdio(store, TIMEOUT, null);
        List<Map<String, Object>> anomalies;
        try {
            CallToolResult r = client.callTool(CallToolRequest.builder("detect_anomalies")
                    .arguments(Map.of("lookbackWindow", "24h", "sensitivity", "medium")).build());
            assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
            anomalies = (List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent()).get("anomalies");
        } finally {
            client.closeGracefully();
        }
        List<Map<String, Object>> slow = anomalies.stream().filter(a -> SparseDayScene.SLOW_SERVER.equals(a.get("mcpServer"))
                && SparseDayScene.SLOW_TOOL.equals(a.get("toolName"))
                && List.of("response_time_spike", "latency_shift").contains(a.get("anomalyType"))).toList();
        List<Map<String, Object>> failing = anomalies.stream().filter(a -> SparseDayScene.FAILING_SERVER.equals(a.get("mcpServer"))
                && SparseDayScene.FAILING_TOOL.equals(a.get("toolName")) && "error_rate_spike".equals(a.get("anomalyType")))
                .toList();
        assertThat(slow).as("the slow-down of %s/%s; all: %s", SparseDayScene.SLOW_SERVER, SparseDayScene.SLOW_TOOL, anomalies)
                .hasSize(1);
        assertThat(failing).as("the failures of %s/%s; all: %s", SparseDayScene.FAILING_SERVER, SparseDayScene.FAILING_TOOL,
                anomalies).hasSize(1);
        assertThat(anomalies.size() - 2).as("other anomalies that day: %s", anomalies).isLessThanOrEqualTo(1);
    }
}
