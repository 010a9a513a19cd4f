package io.mcpmonitor.mcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.mcp.server.StdioJvm;
import io.mcpmonitor.testkit.Jars;
import io.modelcontextprotocol.client.McpSyncClient;
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
 * The notifier looks every second here ({@code --anomaly-check-every}) and logs each run at DEBUG; the test
 * counts those runs, so "seen again and not sent again" is proved by runs that happened, not by time slept.
 */
class AnomalyNotificationIT {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The notifier's interval here: short, as the test waits for its runs; 15 s for users. */
    static final String CHECK_EVERY = "1s";
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

    /**
     * The packaged sidecar, its anomaly notifier looking every {@link #CHECK_EVERY} and saying so on stderr
     * (its DEBUG line per run), so the test waits for the notifier's runs instead of sleeping through them.
     */
    McpSyncClient sidecar(List<String> stderr) {
        return StdioJvm.client(StdioJvm.java("-Dorg.slf4j.simpleLogger.log.io.mcpmonitor.mcp.notify.AnomalyNoticeLoop=debug",
                "-jar", Jars.monitorMcp().toString(), "serve", "--store", store.toString(), "--anomaly-check-every", CHECK_EVERY)
                .build(), TIMEOUT, stderr::add);
    }

    /** The {@code track_issue} calls received so far: only whole lines, as one may be half written. */
    List<JsonNode> issues(Path calls) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(calls)) {
            String text = Files.readString(calls);
            for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line).path("arguments"));
                }
            }
        }
        return out;
    }

    /** Finished runs of the notifier a sidecar has reported on {@code stderr}. */
    static long runs(List<String> stderr) {
        return stderr.stream().filter(l -> l.contains("anomaly notices: run ") && l.contains(" handed ")).count();
    }

    /** Notifications the notifier has handed to the channels, by its INFO line for each. */
    static long handedOver(List<String> stderr) {
        return stderr.stream().filter(l -> l.contains("anomaly notification: ")).count();
    }

    /**
     * Waits until the notifier of the sidecar writing {@code stderr} has finished {@code n} more runs. The
     * runs never overlap, so at least the last {@code n - 1} of them began after this call.
     */
    static void awaitRuns(List<String> stderr, int n) throws InterruptedException {
        long target = runs(stderr) + n;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (runs(stderr) < target) {
            assertThat(System.nanoTime() < deadline).as("%d notifier runs within %s; stderr %s", n, TIMEOUT, stderr)
                    .isTrue();
            Thread.sleep(100);
        }
    }

    /** Waits until every notification handed over so far (by the sidecars of {@code stderrs}) has reached the tool. */
    void awaitDelivered(Path calls, List<List<String>> stderrs) throws Exception {
        long handed = stderrs.stream().mapToLong(AnomalyNotificationIT::handedOver).sum();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (issues(calls).size() < handed) {
            assertThat(System.nanoTime() < deadline).as("%d notifications delivered within %s; calls %s", handed,
                    TIMEOUT, issues(calls)).isTrue();
            Thread.sleep(100);
        }
    }

    /** The incidents {@code detect_anomalies} reports that the notifier sends: not info, not provisional. */
    static List<Map<String, Object>> notifiable(McpSyncClient c) {
        return anomalies(c).stream().filter(a -> !"info".equals(a.get("severity"))
                && !Boolean.TRUE.equals(a.get("provisional"))).toList();
    }

    static List<String> identities(List<Map<String, Object>> anomalies) {
        return anomalies.stream().map(a -> a.get("id") + "/" + a.get("status") + "/" + a.get("severity")).sorted().toList();
    }

    /** The incidents as they stand, and the tool calls made once the notifier has seen them all. */
    record Settled(List<Map<String, Object>> found, List<JsonNode> issues) {
    }

    /**
     * The incidents {@code c} reports, once two runs of its notifier have seen them and everything handed over
     * has been delivered; asked again afterwards, and the whole repeated if they changed meanwhile (a minute
     * closing can add a traffic drop): so a freshly listed incident is never judged before the notifier saw it.
     */
    Settled settle(McpSyncClient c, Path calls, List<String> stderr, List<List<String>> stderrs) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<Map<String, Object>> before = notifiable(c);
            awaitRuns(stderr, 2);
            awaitDelivered(calls, stderrs);
            List<JsonNode> issues = issues(calls);
            List<Map<String, Object>> after = notifiable(c);
            if (identities(before).equals(identities(after))) {
                return new Settled(after, issues);
            }
            assertThat(System.nanoTime() < deadline).as("incidents stable within %s: %s, then %s", TIMEOUT,
                    identities(before), identities(after)).isTrue();
        }
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
                        "command", Jars.java(),
                        "args", List.of("-cp", System.getProperty("java.class.path"), RecordingServer.class.getName(),
                                calls.toString(), "track_issue"),
                        "tool", "track_issue", "kinds", List.of("anomaly", "anomaly_resolved"),
                        "arguments", Map.of("kind", "{{kind}}", "anomalyId", "{{fields.anomalyId}}",
                                "type", "{{fields.anomalyType}}", "tool", "{{toolName}}", "severity", "{{severity}}",
                                "values", Map.of("current", "{{fields.currentValue}}", "expected", "{{fields.expectedValue}}"),
                                "recommendations", "{{fields.recommendations}}"))))));
        List<String> firstErr = new CopyOnWriteArrayList<>();
        List<String> secondErr = new CopyOnWriteArrayList<>();
        List<List<String>> stderrs = List.of(firstErr, secondErr);
        McpSyncClient c = sidecar(firstErr);
        try {
            List<Map<String, Object>> found = anomalies(c).stream().filter(a -> !"info".equals(a.get("severity"))).toList();
            assertThat(found).anyMatch(a -> "resolved".equals(a.get("status")) && "stock".equals(a.get("toolName")));
            assertThat(found).anyMatch(a -> "ongoing".equals(a.get("status")) && "checkout".equals(a.get("toolName")));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (issues(calls).size() < found.size() + 1 && System.nanoTime() < deadline) {
                anomalies(c); // more detection runs see the same incidents
                Thread.sleep(1_000);
            }
            // Further runs of the notifier see the same incidents again, and must send nothing for them.
            settle(c, calls, firstErr, stderrs);
        } finally {
            c.closeGracefully();
        }
        // A restart of the sidecar remembers what was sent: its notifier's runs see the incidents again.
        Settled settled;
        McpSyncClient again = sidecar(secondErr);
        try {
            anomalies(again);
            // The incidents as they stand now (the store's traffic has stopped meanwhile: a drop may be one more).
            settled = settle(again, calls, secondErr, stderrs);
        } finally {
            again.closeGracefully();
        }
        assertThat(runs(secondErr)).as("runs of the restarted notifier").isGreaterThanOrEqualTo(2);

        List<Map<String, Object>> found = settled.found();
        List<JsonNode> issues = settled.issues();
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
        assertThat(firstErr).noneMatch(l -> l.contains("Exception"));
        assertThat(secondErr).noneMatch(l -> l.contains("Exception"));
    }
}
