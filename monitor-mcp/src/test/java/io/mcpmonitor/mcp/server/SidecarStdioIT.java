package io.mcpmonitor.mcp.server;

import static io.mcpmonitor.mcp.server.SidecarProcess.structured;
import static io.mcpmonitor.mcp.server.SidecarProcess.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.testkit.Patience;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every tool and every error path through the official client over stdio. */
class SidecarStdioIT {

    @RegisterExtension
    static final StdioSidecar sidecar = new StdioSidecar(Patience.START);

    CallToolResult call(String tool, Map<String, Object> args) {
        return sidecar.call(tool, args);
    }

    static Map<String, Object> metric(String server, String tool, Object duration, Object success) {
        Map<String, Object> m = new HashMap<>();
        m.put("mcpServer", server);
        m.put("toolName", tool);
        m.put("duration", duration);
        m.put("success", success);
        return m;
    }

    long calls(String server) {
        CallToolResult r = call("get_metrics", Map.of("mcpServer", server, "aggregation", "count"));
        assertThat(r.isError()).as(text(r)).isFalse();
        return ((Number) ((Map<?, ?>) structured(r).get("summary")).get("totalCalls")).longValue();
    }

    @Test
    void listsEveryToolWithAnInputSchema() {
        List<Tool> tools = sidecar.client().listTools().tools();
        assertThat(tools).extracting(Tool::name).contains("track_performance", "get_metrics", "list_servers");
        assertThat(tools).allSatisfy(t -> {
            assertThat(t.inputSchema()).containsEntry("type", "object");
            assertThat(t.description()).isNotBlank();
        });
        assertThat(sidecar.stderr()).noneMatch(l -> l.contains("Exception"));
    }

    @Test
    void trackedCallsAndRecordedCallsAnswerThroughOneQueryPath() {
        CallToolResult single = call("track_performance", Map.of("mcpServer", "py-search", "toolName", "query",
                "duration", 120.5, "success", true));
        assertThat(single.isError()).as(text(single)).isFalse();
        assertThat(structured(single)).containsKeys("metricId", "timestamp").containsEntry("stored", 1);

        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            Map<String, Object> m = metric("py-search", "query", 100 + i, i % 10 != 0);
            if (i % 10 == 0) {
                m.put("errorMessage", "index unavailable");
            }
            batch.add(m);
        }
        batch.get(1).put("resourceUsage", Map.of("cpu", 12.5, "memory", 300, "diskIO", 4));
        CallToolResult many = call("track_performance", Map.of("metrics", batch));
        assertThat(many.isError()).as(text(many)).isFalse();
        assertThat((List<?>) structured(many).get("metricIds")).hasSize(99);

        // Data from a Java process recording through monitor-core, as the agent does, into the same store.
        try (Monitor m = Monitor.builder().storeDirectory(sidecar.store()).flushInterval(Duration.ZERO).build()) {
            for (int i = 0; i < 50; i++) {
                m.record("java-server", "lookup", 5_000_000, i < 45 ? Outcome.SUCCESS : Outcome.EXCEPTION,
                        "java.io.IOException", "reset");
            }
        }
        assertThat(calls("py-search")).isEqualTo(100);
        assertThat(calls("java-server")).isEqualTo(50);

        CallToolResult p95 = call("get_metrics", Map.of("mcpServer", "py-search", "aggregation", "p95"));
        Map<?, ?> summary = (Map<?, ?>) structured(p95).get("summary");
        assertThat(((Number) summary.get("p95ResponseTime")).doubleValue()).isBetween(190.0, 196.0);
        assertThat(((Number) summary.get("errorRate")).doubleValue()).isEqualTo(10.0);
        assertThat(((Map<?, ?>) summary.get("errorsByOutcome")).get("tool_error")).isEqualTo(10);
        assertThat(text(p95)).contains("100 calls");

        CallToolResult servers = call("list_servers", Map.of());
        assertThat(text(servers)).contains("py-search", "java-server");
        assertThat((List<?>) structured(servers).get("servers")).hasSizeGreaterThanOrEqualTo(2);
    }

    static List<Object[]> badCalls() {
        Map<String, Object> negative = metric("s", "t", -3, true);
        Map<String, Object> wrongType = metric("s", "t", "abc", true);
        Map<String, Object> missing = metric("s", "t", 10, true);
        missing.remove("mcpServer");
        Map<String, Object> notBool = metric("s", "t", 10, "yes");
        Map<String, Object> future = metric("s", "t", 10, true);
        future.put("timestamp", Instant.now().plus(Duration.ofDays(1)).toString());
        Map<String, Object> badTime = metric("s", "t", 10, true);
        badTime.put("timestamp", "yesterday");
        Map<String, Object> contradiction = metric("s", "t", 10, true);
        contradiction.put("outcome", "exception");
        Map<String, Object> typo = metric("s", "t", 10, true);
        typo.put("durration", 10);
        Map<String, Object> blank = metric(" ", "t", 10, true);
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.add(metric("s", "t", 1, true));
        }
        List<Map<String, Object>> oneBad = new ArrayList<>(List.of(metric("s", "t", 1, true), metric("s", "t", 1, true)));
        oneBad.add(metric("s", "t", -1, true));
        return List.of(
                new Object[] {"track_performance", negative, "duration", "must be >= 0"},
                new Object[] {"track_performance", wrongType, "duration", "must be a finite number"},
                new Object[] {"track_performance", missing, "mcpServer", "is required"},
                new Object[] {"track_performance", notBool, "success", "must be true or false"},
                new Object[] {"track_performance", future, "timestamp", "in the future"},
                new Object[] {"track_performance", badTime, "timestamp", "ISO-8601"},
                new Object[] {"track_performance", contradiction, "outcome", "contradicts success"},
                new Object[] {"track_performance", typo, "durration", "unknown argument"},
                new Object[] {"track_performance", blank, "mcpServer", "must not be blank"},
                new Object[] {"track_performance", Map.of("metrics", tooMany), "metrics", "at most 10000"},
                new Object[] {"track_performance", Map.of("metrics", oneBad), "metrics[2].duration", "must be >= 0"},
                new Object[] {"track_performance", Map.of("metrics", "all of them"), "metrics", "must be an array"},
                new Object[] {"get_metrics", Map.of("aggregation", "median"), "aggregation", "unknown value 'median'"},
                new Object[] {"get_metrics", Map.of("groupBy", "week"), "groupBy", "unknown value 'week'"},
                new Object[] {"get_metrics", Map.of("startTime", "2026-11-25T10:00:00Z", "endTime", "2026-11-25T09:00:00Z"),
                        "endTime", "must be after startTime"},
                new Object[] {"get_metrics", Map.of("startTime", 12), "startTime", "must be a string"},
                new Object[] {"get_metrics", Map.of("mcpServer", List.of("a")), "mcpServer", "must be a string"},
                new Object[] {"list_servers", Map.of("verbose", true), "verbose", "unknown argument"});
    }

    @ParameterizedTest(name = "{0} {2}: {3}")
    @MethodSource("badCalls")
    void badInputIsAnErrorResultNamingTheFieldAndLosesNothingStored(String tool, Map<String, Object> args, String field,
                                                                    String problem) {
        call("track_performance", Map.of("mcpServer", "kept", "toolName", "t", "duration", 1, "success", true));
        long before = calls("kept");
        CallToolResult r = call(tool, args);
        assertThat(r.isError()).isTrue();
        assertThat(text(r)).startsWith(field + ":").contains(problem);
        assertThat(((Map<?, ?>) structured(r).get("error")).get("field")).isEqualTo(field);
        assertThat(calls("kept")).isEqualTo(before);
        assertThat(calls("s")).isZero();
    }
}
