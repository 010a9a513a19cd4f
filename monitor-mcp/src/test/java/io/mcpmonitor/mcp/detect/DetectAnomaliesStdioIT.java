package io.mcpmonitor.mcp.detect;

import static io.mcpmonitor.mcp.server.SidecarProcess.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.mcp.server.StdioSidecar;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code detect_anomalies} through the official MCP client over stdio against the
 * packaged sidecar ({@code monitor-mcp.jar serve}), on a store with 90 minutes of normal history
 * of three tools and an incident of one of them in the last minutes; background detection stores
 * what it finds under {@code <store>/anomalies/}.
 */
class DetectAnomaliesStdioIT {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final long MINUTE = 60_000L;

    @RegisterExtension
    static final StdioSidecar sidecar = new StdioSidecar(TIMEOUT);

    @BeforeAll
    static void start() {
        long now = System.currentTimeMillis();
        long onset = (now / MINUTE - 6) * MINUTE; // six minutes ago: five closed minutes of incident at least
        SplittableRandom r = new SplittableRandom(11);
        try (Monitor m = Monitor.builder().storeDirectory(sidecar.store()).flushInterval(Duration.ZERO).writerId("it").build()) {
            for (long t = onset - 90 * MINUTE; t < now - 20_000; t += 2_000) {
                boolean incident = t >= onset;
                m.recordAt(t, "shop", "search", nanos(r, 40), Outcome.SUCCESS, null, null);
                m.recordAt(t, "shop", "stock", nanos(r, incident ? 400 : 20), Outcome.SUCCESS, null, null);
                boolean fail = r.nextDouble() < (incident ? 0.5 : 0.01);
                m.recordAt(t, "shop", "checkout", nanos(r, 120), fail ? Outcome.TOOL_ERROR : Outcome.SUCCESS,
                        fail ? "tool_error" : null, fail ? (incident ? "payment gateway timed out" : "card declined") : null);
            }
        }
    }

    static long nanos(SplittableRandom r, double medianMs) {
        return (long) (medianMs * 1e6 * Math.exp(0.25 * r.nextGaussian()));
    }

    static CallToolResult call(Map<String, Object> args) {
        return sidecar.client().callTool(CallToolRequest.builder("detect_anomalies").arguments(args).build());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> anomalies(CallToolResult r) {
        return (List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent()).get("anomalies");
    }

    @Test
    void isListedWithItsSchema() {
        Tool tool = sidecar.client().listTools().tools().stream().filter(t -> t.name().equals("detect_anomalies")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) tool.inputSchema().get("properties");
        assertThat(properties.keySet()).containsExactlyInAnyOrder("mcpServer", "toolName", "lookbackWindow", "sensitivity", "method");
        assertThat(properties.get("lookbackWindow").toString()).contains("1h", "6h", "24h", "7d");
    }

    @Test
    void findsTheIncidentsOfTheStoreAndExplainsThem() {
        CallToolResult r = call(Map.of());
        assertThat(r.isError()).as(text(r)).isFalse();
        List<Map<String, Object>> found = anomalies(r);
        Map<String, Object> errors = found.stream().filter(a -> "error_rate_spike".equals(a.get("anomalyType")))
                .findFirst().orElseThrow(() -> new AssertionError(text(r)));
        assertThat(errors).containsEntry("mcpServer", "shop").containsEntry("toolName", "checkout")
                .containsEntry("severity", "critical").containsEntry("status", "ongoing");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) errors.get("details");
        assertThat(details).containsKeys("currentValue", "expectedRange", "deviation", "confidence").containsEntry("method", "auto");
        assertThat(errors.get("recommendations").toString()).contains("'payment gateway timed out'", "Only checkout is affected");
        assertThat(found).anyMatch(a -> "stock".equals(a.get("toolName"))
                && List.of("response_time_spike", "latency_shift").contains(a.get("anomalyType")));
        assertThat(found).noneMatch(a -> "search".equals(a.get("toolName")));
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) ((Map<String, Object>) r.structuredContent()).get("summary");
        assertThat(((Number) summary.get("total")).intValue()).isEqualTo(found.size());
        assertThat(text(r)).contains("[CRITICAL] error_rate_spike shop/checkout");
    }

    @Test
    void filtersAndEveryMethodAnswer() {
        CallToolResult one = call(Map.of("mcpServer", "shop", "toolName", "stock", "lookbackWindow", "1h"));
        assertThat(anomalies(one)).isNotEmpty().allMatch(a -> "stock".equals(a.get("toolName")));
        for (String method : List.of("z-score", "moving-avg", "percentile")) {
            CallToolResult r = call(Map.of("method", method, "sensitivity", "low", "lookbackWindow", "24h"));
            assertThat(r.isError()).as(text(r)).isFalse();
            assertThat(text(r)).contains("detect_anomalies (" + method + ", low)");
        }
        assertThat(anomalies(call(Map.of("mcpServer", "nobody")))).isEmpty();
    }

    @Test
    void namesTheFieldOfBadArguments() {
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("lookbackWindow", "2h"), "lookbackWindow: must be one of 1h, 6h, 24h, 7d, was '2h'",
                Map.of("sensitivity", "extreme"), "sensitivity: 'extreme' must be one of low, medium, high",
                Map.of("method", "magic"), "method: 'magic' must be one of auto, z-score, moving-avg, percentile",
                Map.of("mcpServer", 42), "mcpServer: must be a string",
                Map.of("window", "1h"), "window: unknown argument");
        bad.forEach((args, message) -> {
            CallToolResult r = call(args);
            assertThat(r.isError()).isTrue();
            assertThat(text(r)).startsWith(message);
        });
    }

    @Test
    void backgroundDetectionStoresTheAnomalies() throws IOException, InterruptedException {
        Path dir = sidecar.store().resolve("anomalies");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            sidecar.store().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            while (!hasLines(dir) && System.nanoTime() < deadline) {
                if (Files.isDirectory(dir)) {
                    dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                }
                watch.poll(1, TimeUnit.SECONDS);
            }
        }
        assertThat(hasLines(dir)).as("anomaly log in %s; sidecar stderr %s", dir, sidecar.stderr()).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            String all = String.join("\n", files.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList());
            assertThat(all).contains("\"v\":1", "\"type\":\"anomaly\"", "\"toolName\":\"checkout\"", "error_rate_spike");
        }
    }

    private static boolean hasLines(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> {
                try {
                    return Files.size(f) > 0 && Files.readString(f).contains("checkout");
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }
}
