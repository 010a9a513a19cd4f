package io.mcpmonitor.mcp.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.mcp.server.SidecarProcess;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A regression nobody set a threshold for reaches someone: {@code shop/stock} has answered in about
 * 20 ms for two hours and in about 200 ms for the last six minutes — a critical anomaly, yet below
 * every default threshold rule. The packaged sidecar ({@code serve}, over stdio with the official MCP
 * client) opens one critical alert for it, which {@code get_active_alerts} shows (source
 * {@code anomaly-...}), and the alert's {@code firing} reaches a real webhook receiver on loopback.
 * Wall time about 20 s (the anomaly loop's first pass comes 15 s after the first answer).
 */
class AnomalyAlertIT {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final long MINUTE = 60_000L;

    @TempDir
    Path store;

    void history() {
        long now = System.currentTimeMillis();
        long slowFrom = (now / MINUTE - 6) * MINUTE;
        SplittableRandom r = new SplittableRandom(11);
        try (Monitor m = Monitor.builder().storeDirectory(store).flushInterval(Duration.ZERO).writerId("it").build()) {
            for (long t = now - 130 * MINUTE; t < now - 20_000; t += 2_000) {
                double stockMs = t >= slowFrom ? 200 : 20;
                m.recordAt(t, "shop", "search", (long) (40e6 * Math.exp(0.3 * r.nextGaussian())), Outcome.SUCCESS, null, null);
                m.recordAt(t, "shop", "stock", (long) (stockMs * 1e6 * Math.exp(0.3 * r.nextGaussian())), Outcome.SUCCESS,
                        null, null);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> activeAlerts(McpSyncClient c) {
        CallToolResult r = c.callTool(CallToolRequest.builder("get_active_alerts").arguments(Map.of()).build());
        assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
        return (List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent()).get("alerts");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCriticalAnomalyOpensAnAlertThatReachesTheWebhook() throws Exception {
        history();
        try (LoopbackReceiver hook = LoopbackReceiver.start()) {
            Files.writeString(store.resolve("notifications.json"), """
                    {"formatVersion": 1, "retry": {"maxAttempts": 3, "initialBackoffMs": 100, "maxBackoffMs": 500},
                     "channels": [{"name": "hook", "type": "webhook", "url": "%s"}]}
                    """.formatted(hook.url("/hook")));
            McpSyncClient c = SidecarProcess.stdio(store, TIMEOUT, null);
            try {
                assertThat(activeAlerts(c)).as("no threshold rule fires on this store").isEmpty();
                List<Map<String, Object>> open = List.of();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (open.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(1_000);
                    open = activeAlerts(c);
                }
                assertThat(open).as("open alerts").hasSize(1);
                Map<String, Object> alert = open.get(0);
                assertThat(alert).containsEntry("mcpServer", "shop").containsEntry("toolName", "stock")
                        .containsEntry("metric", "response_time").containsEntry("severity", "critical");
                assertThat((String) alert.get("thresholdId")).startsWith("anomaly-");
                String id = (String) alert.get("alertId");

                LoopbackReceiver.Request firing = null;
                while (firing == null && System.nanoTime() < deadline) {
                    firing = hook.received("/hook").stream().filter(q -> "firing".equals(q.json().get("kind"))
                            && id.equals(((Map<String, Object>) q.json().get("fields")).get("alertId"))).findFirst().orElse(null);
                    Thread.sleep(200);
                }
                assertThat(firing).as("the webhook got the alert's firing; got %s", hook.received("/hook")).isNotNull();
                assertThat(firing.json()).containsEntry("severity", "critical");
                assertThat((String) firing.json().get("title")).contains("shop/stock");
                assertThat(hook.received("/hook")).filteredOn(q -> "firing".equals(q.json().get("kind"))).hasSize(1);
            } finally {
                c.closeGracefully();
            }
        }
    }
}
