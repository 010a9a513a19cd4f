package io.mcpmonitor.mcp.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.mcp.notify.LoopbackReceiver;
import io.mcpmonitor.mcp.server.SidecarProcess;
import com.fasterxml.jackson.databind.JsonNode;
import io.mcpmonitor.testkit.Patience;
import io.mcpmonitor.testkit.Poll;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert lifecycle through the packaged sidecar over stdio, calls reported with track_performance,
 * notifications received by a real webhook on loopback: one problem is one alert whose severity moves
 * in place, a resolution quotes the value at resolution, and a notification goes out although the
 * state file cannot be written (the save is retried until it succeeds).
 */
class AlertSeverityStdioIT {

    static final Duration WAIT = Duration.ofSeconds(120); // the default rules hold a condition for 1 min before firing

    @TempDir
    Path store;

    LoopbackReceiver hook;
    McpSyncClient sidecar;

    @BeforeEach
    void start() throws Exception {
        hook = LoopbackReceiver.start();
        hook.configureWebhook(store, "/hook");
        sidecar = SidecarProcess.stdio(store, Patience.START, null);
    }

    @AfterEach
    void stop() {
        sidecar.closeGracefully();
        hook.close();
    }

    /** The notifications the webhook got so far. */
    List<JsonNode> received() {
        return hook.received("/hook").stream().map(LoopbackReceiver.Request::tree).toList();
    }

    CallToolResult call(String tool, Map<String, Object> args) {
        CallToolResult r = sidecar.callTool(CallToolRequest.builder(tool).arguments(args).build());
        assertThat(r.isError()).as("%s: %s", tool, r.content()).isFalse();
        return r;
    }

    /** {@code ok} successful and {@code failed} failed calls of {@code tool}, reported now in one batch. */
    void report(String tool, int ok, int failed) {
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (int i = 0; i < ok + failed; i++) {
            boolean fail = i < failed;
            metrics.add(fail ? Map.of("mcpServer", "shop", "toolName", tool, "duration", 12, "success", false,
                    "errorMessage", "payment backend refused")
                    : Map.of("mcpServer", "shop", "toolName", tool, "duration", 12, "success", true));
        }
        call("track_performance", Map.of("metrics", metrics));
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> openAlerts() {
        return (List<Map<String, Object>>) ((Map<String, Object>) call("get_active_alerts", Map.of()).structuredContent())
                .get("alerts");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> activeAlertsAnswer() {
        return (Map<String, Object>) call("get_active_alerts", Map.of()).structuredContent();
    }

    JsonNode awaitNotification(Predicate<JsonNode> what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode n : received()) {
                if (what.test(n)) {
                    return n;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such notification within " + WAIT + "; received: " + received());
    }

    static void await(String what, Callable<Boolean> condition) throws Exception {
        Poll.until(what, WAIT, Duration.ofMillis(200), condition);
    }

    static Predicate<JsonNode> kind(String kind, String tool) {
        return n -> kind.equals(n.path("kind").asText()) && tool.equals(n.path("fields").path("toolName").asText());
    }

    @Test
    void underTheDefaultRulesAToolFailingEveryCallHoldsOneCriticalAlertThatDropsToWarningThenResolvesWithItsValue()
            throws Exception {
        report("checkout", 0, 20);                                        // 100 % errors
        JsonNode fired = awaitNotification(kind("firing", "checkout"));   // after the default 1 min pending period
        assertThat(fired.path("severity").asText()).isEqualTo("critical");
        assertThat(fired.path("title").asText()).isEqualTo("[CRITICAL] shop/checkout: error rate 100.00 % > 5 %");
        String id = fired.path("fields").path("alertId").asText();
        assertThat(openAlerts()).singleElement().satisfies(a -> assertThat(a).containsEntry("alertId", id)
                .containsEntry("severity", "critical").containsEntry("metric", "error_rate"));

        report("checkout", 647, 0);                                       // 20 of 667 in the window: 3.0 %
        JsonNode lowered = awaitNotification(kind("deescalated", "checkout"));
        assertThat(lowered.path("fields").path("alertId").asText()).isEqualTo(id);
        assertThat(lowered.path("fields").path("severity").asText()).isEqualTo("warning");
        assertThat(lowered.path("fields").path("currentValue").asDouble()).isEqualTo(2.999);
        assertThat(openAlerts()).singleElement().satisfies(a -> assertThat(a).containsEntry("alertId", id)
                .containsEntry("severity", "warning").containsEntry("peakValue", 100.0));

        report("checkout", 1_400, 0);                                     // 20 of 2067: 0.968 %
        JsonNode resolved = awaitNotification(kind("resolved", "checkout"));
        assertThat(resolved.path("fields").path("alertId").asText()).isEqualTo(id);
        assertThat(resolved.path("fields").path("currentValue").asDouble()).as("the value at resolution").isEqualTo(0.968);
        assertThat(resolved.path("title").asText())
                .isEqualTo("[RESOLVED] shop/checkout: error rate now 0.97 % (threshold 1 %, peak 100.00 %)");
        assertThat(openAlerts()).isEmpty();
        // The channel takes every kind; the detector's own notice of the same incident is an anomaly, not an alert.
        assertThat(received()).filteredOn(n -> n.path("fields").path("toolName").asText().equals("checkout"))
                .extracting(n -> n.path("kind").asText()).filteredOn(k -> !k.startsWith("anomaly"))
                .containsExactly("firing", "deescalated", "resolved");
    }

    @Test
    void aFiringNotificationIsDeliveredWhileTheStateFileCannotBeWrittenAndTheSaveIsRetriedUntilItSucceeds() throws Exception {
        call("set_alert_threshold", Map.of("mcpServer", "shop", "toolName", "refund", "metric", "error_rate",
                "threshold", 10, "severity", "critical", "pendingSeconds", 0, "minCalls", 1));
        Path state = store.resolve("alerts").resolve("state.json");
        assertThat(state).isRegularFile();
        Files.delete(state);                                              // its place taken by a directory: saves fail
        Files.createDirectories(state.resolve("in-the-way"));

        report("refund", 0, 5);
        JsonNode fired = awaitNotification(kind("firing", "refund"));
        String id = fired.path("fields").path("alertId").asText();
        await("two failed saves", () -> ((Number) activeAlertsAnswer().getOrDefault("failedSaves", 0)).intValue() >= 2);
        assertThat(state).as("nothing was saved meanwhile").isDirectory();
        assertThat(activeAlertsAnswer()).containsEntry("stateSaved", false)
                .hasEntrySatisfying("saveError", e -> assertThat((String) e).startsWith("cannot save alert state to "));

        Files.delete(state.resolve("in-the-way"));
        Files.delete(state);
        await("the state saved again", () -> Boolean.TRUE.equals(activeAlertsAnswer().get("stateSaved")));
        assertThat(Files.readString(state)).contains(id);
        assertThat(received()).filteredOn(kind("firing", "refund")::test).as("sent once").hasSize(1);
    }
}
