package io.mcpmonitor.mcp.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpmonitor.mcp.notify.LoopbackReceiver;
import io.mcpmonitor.mcp.server.SidecarProcess;
import io.mcpmonitor.mcp.server.StdioJvm;
import io.mcpmonitor.testkit.Patience;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data flushed by an agent-instrumented example-server crosses a threshold, the
 * webhook receiver on loopback gets the alert within 10 seconds, reminders follow until
 * acknowledge_alert, and none after it.
 */
class AlertEndToEndIT {

    @TempDir
    Path store;

    record Received(long atNanos, JsonNode body) {
    }

    /** What the webhook got so far, each notification with when it arrived. */
    static List<Received> received(LoopbackReceiver hook) {
        return hook.received("/hook").stream().map(r -> new Received(r.arrivedNanos(), r.tree())).toList();
    }

    static Received await(LoopbackReceiver hook, Predicate<JsonNode> what, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received r : received(hook)) {
                if (what.test(r.body())) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        return null;
    }

    @Test
    void anAgentFlushCrossingAThresholdReachesTheWebhookWithinTenSecondsAndAcknowledgingStopsIt() throws Exception {
        LoopbackReceiver hook = LoopbackReceiver.start();
        hook.configureWebhook(store, "/hook");
        McpSyncClient sidecar = SidecarProcess.stdio(store, Patience.START, null, "--repeat-every", "3s");
        McpSyncClient example = null;
        try {
            CallToolResult rule = sidecar.callTool(CallToolRequest.builder("set_alert_threshold").arguments(Map.of(
                    "mcpServer", "example-server", "toolName", "slow_query", "metric", "response_time", "statistic", "max",
                    "threshold", 150, "severity", "warning", "pendingSeconds", 0, "minCalls", 1)).build());
            assertThat(rule.isError()).isFalse();

            example = StdioJvm.client(StdioJvm.exampleServer("server=example-server,store=" + store + ",flush=1s").build(),
                    Patience.START, null);
            for (int i = 0; i < 3; i++) {
                example.callTool(CallToolRequest.builder("slow_query").arguments(Map.of("delayMs", 300)).build());
            }
            long callsDone = System.nanoTime();
            Predicate<JsonNode> firing = n -> "firing".equals(n.path("kind").asText())
                    && n.path("title").asText().contains("example-server/slow_query");
            Received fired = await(hook, firing, Duration.ofSeconds(20));
            assertThat(fired).as("webhook got the alert; received: %s", received(hook)).isNotNull();
            // The agent flushes every second: the alert must arrive within 10 s of that flush.
            assertThat(Duration.ofNanos(fired.atNanos() - callsDone)).isLessThan(Duration.ofSeconds(11));
            String alertId = fired.body().path("fields").path("alertId").asText();
            assertThat(alertId).startsWith("alert-");

            // Unacknowledged, it comes back as a reminder while the calls stay slow.
            example.callTool(CallToolRequest.builder("slow_query").arguments(Map.of("delayMs", 300)).build());
            Received reminder = await(hook, n -> "reminder".equals(n.path("kind").asText())
                    && alertId.equals(n.path("fields").path("alertId").asText()), Duration.ofSeconds(15));
            assertThat(reminder).as("a reminder before acknowledging; received: %s", received(hook)).isNotNull();

            CallToolResult ack = sidecar.callTool(CallToolRequest.builder("acknowledge_alert")
                    .arguments(Map.of("alertId", alertId, "acknowledgedBy", "it-test")).build());
            assertThat(ack.isError()).isFalse();
            long ackedAt = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                example.callTool(CallToolRequest.builder("slow_query").arguments(Map.of("delayMs", 300)).build());
            }
            Thread.sleep(8_000); // more than two reminder intervals
            // A reminder whose tick began before the acknowledgement may still arrive after it (slowly, on a
            // loaded machine); 2 s of grace leaves over 7 s, more than one reminder interval (3 s repeat, 2 s poll).
            assertThat(received(hook)).filteredOn(r -> r.atNanos() > ackedAt + Duration.ofSeconds(2).toNanos())
                    .noneMatch(r -> alertId.equals(r.body().path("fields").path("alertId").asText())
                            && !"resolved".equals(r.body().path("kind").asText()));
        } finally {
            if (example != null) {
                example.closeGracefully();
            }
            sidecar.closeGracefully();
            hook.close();
        }
    }
}
