package io.mcpmonitor.mcp.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.mcpmonitor.mcp.server.SidecarProcess;
import io.mcpmonitor.mcp.server.StdioJvm;
import io.mcpmonitor.testkit.Patience;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data flushed by an agent-instrumented example-server crosses a threshold, the
 * webhook receiver on loopback gets the alert within 10 seconds, reminders follow until
 * acknowledge_alert, and none after it.
 */
class AlertEndToEndIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    record Received(long atNanos, JsonNode body) {
    }

    static Received await(List<Received> got, Predicate<JsonNode> what, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received r : got) {
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
        List<Received> got = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            got.add(new Received(System.nanoTime(), JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        Files.writeString(store.resolve("notifications.json"), """
                {"formatVersion": 1, "retry": {"maxAttempts": 3, "initialBackoffMs": 100, "maxBackoffMs": 500},
                 "channels": [{"name": "test-hook", "type": "webhook", "url": "http://127.0.0.1:%d/hook"}]}
                """.formatted(receiver.getAddress().getPort()));
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
            Received fired = await(got, firing, Duration.ofSeconds(20));
            assertThat(fired).as("webhook got the alert; received: %s", got).isNotNull();
            // The agent flushes every second: the alert must arrive within 10 s of that flush.
            assertThat(Duration.ofNanos(fired.atNanos() - callsDone)).isLessThan(Duration.ofSeconds(11));
            String alertId = fired.body().path("fields").path("alertId").asText();
            assertThat(alertId).startsWith("alert-");

            // Unacknowledged, it comes back as a reminder while the calls stay slow.
            example.callTool(CallToolRequest.builder("slow_query").arguments(Map.of("delayMs", 300)).build());
            Received reminder = await(got, n -> "reminder".equals(n.path("kind").asText())
                    && alertId.equals(n.path("fields").path("alertId").asText()), Duration.ofSeconds(15));
            assertThat(reminder).as("a reminder before acknowledging; received: %s", got).isNotNull();

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
            assertThat(got).filteredOn(r -> r.atNanos() > ackedAt + Duration.ofSeconds(2).toNanos())
                    .noneMatch(r -> alertId.equals(r.body().path("fields").path("alertId").asText())
                            && !"resolved".equals(r.body().path("kind").asText()));
        } finally {
            if (example != null) {
                example.closeGracefully();
            }
            sidecar.closeGracefully();
            receiver.stop(0);
        }
    }
}
