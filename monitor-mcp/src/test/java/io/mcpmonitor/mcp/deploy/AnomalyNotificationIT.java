package io.mcpmonitor.mcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anomalies reach a learning optimizer's {@code track_issue} on a real MCP server ({@link RecordingServer})
 * as {@code anomaly} and {@code anomaly_resolved}, one each per incident, however many detection runs see
 * it, across a restart of the sidecar: a store with 90 minutes of history of {@code shop}, a latency
 * incident of {@code stock} that ended 20 minutes ago, and an error incident of {@code checkout} going on now.
 */
class AnomalyNotificationIT {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final long MINUTE = 60_000L;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;
    @TempDir
    Path work;

    static long nanos(SplittableRandom r, double medianMs) {
        return (long) (medianMs * 1e6 * (0.8 + 0.4 * r.nextDouble()));
    }

    void history() {
        long now = System.currentTimeMillis();
        long stockFrom = (now / MINUTE - 40) * MINUTE;
        long stockTo = stockFrom + 15 * MINUTE;
        long checkoutFrom = (now / MINUTE - 6) * MINUTE;
        SplittableRandom r = new SplittableRandom(7);
        try (Monitor m = Monitor.builder().storeDirectory(store).flushInterval(Duration.ZERO).writerId("it").build()) {
            for (long t = now - 130 * MINUTE; t < now - 20_000; t += 2_000) {
                boolean slow = t >= stockFrom && t < stockTo;
                m.recordAt(t, "shop", "search", nanos(r, 40), Outcome.SUCCESS, null, null);
                m.recordAt(t, "shop", "stock", nanos(r, slow ? 400 : 20), Outcome.SUCCESS, null, null);
                boolean fail = r.nextDouble() < (t >= checkoutFrom ? 0.5 : 0.01);
                m.recordAt(t, "shop", "checkout", nanos(r, 120), fail ? Outcome.TOOL_ERROR : Outcome.SUCCESS,
                        fail ? "tool_error" : null, fail ? "payment gateway timed out" : null);
            }
        }
    }

    McpSyncClient sidecar(List<String> stderr) {
        String monitorJar = System.getProperty("monitor.mcp.jar", "target/monitor-mcp.jar");
        StdioClientTransport t = new StdioClientTransport(ServerParameters.builder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args("-jar", monitorJar, "serve", "--store", store.toString()).build(), McpJsonDefaults.getMapper());
        t.setStdErrorHandler(stderr::add);
        McpSyncClient c = McpClient.sync(t).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
        c.initialize();
        return c;
    }

    List<JsonNode> issues(Path calls) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(calls)) {
            for (String line : Files.readAllLines(calls)) {
                out.add(JSON.readTree(line).path("arguments"));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> anomalies(McpSyncClient c) {
        CallToolResult r = c.callTool(CallToolRequest.builder("detect_anomalies").arguments(Map.of("lookbackWindow", "24h")).build());
        assertThat(r.isError()).isFalse();
        return (List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent()).get("anomalies");
    }

    long count(List<JsonNode> issues, String kind, Object anomalyId) {
        return issues.stream().filter(i -> kind.equals(i.path("kind").asText())
                && String.valueOf(anomalyId).equals(i.path("anomalyId").asText())).count();
    }

    @Test
    void oneIncidentIsOneAnomalyAndOneResolutionOnTheTrackIssueTool() throws Exception {
        history();
        Path calls = work.resolve("track-issue-calls.jsonl");
        Files.writeString(store.resolve("notifications.json"), JSON.writeValueAsString(Map.of("formatVersion", 1,
                "channels", List.of(Map.of("name", "optimizer", "type", "mcp_tool",
                        "command", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "args", List.of("-cp", System.getProperty("java.class.path"), RecordingServer.class.getName(),
                                calls.toString(), "track_issue"),
                        "tool", "track_issue", "kinds", List.of("anomaly", "anomaly_resolved"),
                        "arguments", Map.of("kind", "{{kind}}", "anomalyId", "{{fields.anomalyId}}",
                                "type", "{{fields.anomalyType}}", "tool", "{{toolName}}", "severity", "{{severity}}",
                                "values", Map.of("current", "{{fields.currentValue}}", "expected", "{{fields.expectedValue}}"),
                                "recommendations", "{{fields.recommendations}}"))))));
        List<String> stderr = new CopyOnWriteArrayList<>();
        McpSyncClient c = sidecar(stderr);
        List<Map<String, Object>> found;
        try {
            found = anomalies(c).stream().filter(a -> !"info".equals(a.get("severity"))).toList();
            assertThat(found).anyMatch(a -> "resolved".equals(a.get("status")) && "stock".equals(a.get("toolName")));
            assertThat(found).anyMatch(a -> "ongoing".equals(a.get("status")) && "checkout".equals(a.get("toolName")));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (issues(calls).size() < found.size() + 1 && System.nanoTime() < deadline) {
                anomalies(c); // more detection runs see the same incidents
                Thread.sleep(1_000);
            }
            Thread.sleep(35_000); // two more runs of the notifier
            anomalies(c);
        } finally {
            c.closeGracefully();
        }
        // A restart of the sidecar remembers what was sent.
        McpSyncClient again = sidecar(stderr);
        try {
            anomalies(again);
            Thread.sleep(35_000);
            // The incidents as they stand now (the store's traffic has stopped meanwhile: a drop is one more).
            found = anomalies(again).stream().filter(a -> !"info".equals(a.get("severity"))
                    && !Boolean.TRUE.equals(a.get("provisional"))).toList();
        } finally {
            again.closeGracefully();
        }

        List<JsonNode> issues = issues(calls);
        for (Map<String, Object> a : found) {
            boolean resolved = "resolved".equals(a.get("status"));
            assertThat(count(issues, "anomaly", a.get("id"))).as("anomaly %s; calls %s", a, issues).isEqualTo(1);
            assertThat(count(issues, "anomaly_resolved", a.get("id"))).as("resolution of %s", a).isEqualTo(resolved ? 1 : 0);
        }
        assertThat(issues).hasSize(found.size() + (int) found.stream().filter(a -> "resolved".equals(a.get("status"))).count());
        JsonNode checkout = issues.stream().filter(i -> "checkout".equals(i.path("tool").asText())).findFirst().orElseThrow();
        assertThat(checkout.path("type").asText()).isEqualTo("error_rate_spike");
        assertThat(checkout.path("values").path("current").isNumber()).isTrue();
        assertThat(checkout.path("recommendations").toString()).contains("payment gateway timed out");
        assertThat(stderr).noneMatch(l -> l.contains("Exception"));
    }
}
