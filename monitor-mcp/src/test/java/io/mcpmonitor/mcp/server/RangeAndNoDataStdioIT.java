package io.mcpmonitor.mcp.server;

import static io.mcpmonitor.mcp.server.SidecarProcess.structured;
import static io.mcpmonitor.mcp.server.SidecarProcess.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.testkit.Patience;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the answers say they covered, through the packaged sidecar over stdio and the official client:
 * a range inside minutes is answered over whole minutes and says so (structured and text), the
 * default hour is 60 minute buckets, rows carry the span they cover, a period without calls is null
 * and "no data" in get_metrics, the report and the dashboard, and an outcome has one wire name.
 */
@SuppressWarnings("unchecked")
class RangeAndNoDataStdioIT {

    static final long MINUTE = 60_000L;

    @RegisterExtension
    static final StdioSidecar sidecar = new StdioSidecar(Patience.START);
    /** A minute boundary two hours ago: calls at +10 s, +100 s (a failure) and +110 s, nothing before. */
    static Instant base;

    @BeforeAll
    static void start() {
        long now = System.currentTimeMillis();
        base = Instant.ofEpochMilli((now / MINUTE - 120) * MINUTE);
        try (Monitor m = Monitor.builder().storeDirectory(sidecar.store()).flushInterval(Duration.ZERO).writerId("it").build()) {
            m.recordAt(base.toEpochMilli() + 10_000, "shop", "search", 12_000_000, Outcome.SUCCESS, null, null);
            m.recordAt(base.toEpochMilli() + 100_000, "shop", "search", 30_000_000, Outcome.TOOL_ERROR, "tool_error",
                    "index unavailable");
            m.recordAt(base.toEpochMilli() + 110_000, "shop", "search", 14_000_000, Outcome.SUCCESS, null, null);
            // "live": two calls in every minute from 70 minutes ago to 5 minutes ahead
            for (long t = (now / MINUTE - 70) * MINUTE; t < now + 5 * MINUTE; t += MINUTE) {
                m.recordAt(t + 5_000, "live", "ping", 2_000_000, Outcome.SUCCESS, null, null);
                m.recordAt(t + 25_000, "live", "ping", 2_000_000, Outcome.SUCCESS, null, null);
            }
        }
    }

    static CallToolResult call(String tool, Map<String, Object> args) {
        CallToolResult r = sidecar.call(tool, args);
        assertThat(r.isError()).as("%s: %s", tool, text(r)).isFalse();
        return r;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void aRangeInsideMinutesSaysItCoveredTheWholeMinutes() {
        Instant asked0 = base.plusSeconds(30);
        Instant asked1 = base.plusSeconds(90);
        CallToolResult r = call("get_metrics", Map.of("mcpServer", "shop", "startTime", asked0.toString(),
                "endTime", asked1.toString()));
        Map<String, Object> s = structured(r);
        assertThat(s).containsEntry("startTime", asked0.toString()).containsEntry("endTime", asked1.toString())
                .containsEntry("effectiveStart", base.toString())
                .containsEntry("effectiveEnd", base.plus(Duration.ofMinutes(2)).toString());
        assertThat(text(r)).startsWith("avg from " + asked0 + " to " + asked1 + " (covered " + base + " to "
                + base.plus(Duration.ofMinutes(2)) + ", whole minutes): 3 calls");
        List<Map<String, Object>> points = (List<Map<String, Object>>) (List<?>) s.get("points");
        assertThat(points).singleElement().satisfies(p -> assertThat(p).containsEntry("timestamp", base.toString())
                .containsEntry("start", base.toString()).containsEntry("end", base.plus(Duration.ofMinutes(2)).toString())
                .containsEntry("count", 3));
        List<Map<String, Object>> top = (List<Map<String, Object>>) map(s.get("summary")).get("topErrors");
        assertThat(top).singleElement().satisfies(e -> assertThat(e).containsEntry("outcome", "tool_error")
                .containsEntry("errorType", "tool_error").containsEntry("message", "index unavailable"));
    }

    @Test
    void aPreviousPeriodWithoutCallsIsNullAndNoDataInGetMetrics() {
        CallToolResult r = call("get_metrics", Map.of("mcpServer", "shop", "startTime", base.toString(),
                "endTime", base.plus(Duration.ofMinutes(2)).toString()));
        Map<String, Object> trend = map(structured(r).get("trend"));
        assertThat(trend).containsEntry("direction", "no_data").containsEntry("callsChange", null)
                .containsEntry("avgResponseTimeChange", null).containsEntry("p95ResponseTimeChange", null)
                .containsEntry("errorRateChange", null);
        assertThat(map(trend.get("previous"))).containsEntry("totalCalls", 0).containsEntry("avgResponseTime", null)
                .containsEntry("p95ResponseTime", null).containsEntry("errorRate", null);
        assertThat(text(r)).contains("trend: no_data against " + base.minus(Duration.ofMinutes(2)) + " to " + base
                + ": no data before " + base).doesNotContain("NaN");

        CallToolResult empty = call("get_metrics", Map.of("mcpServer", "shop", "startTime",
                base.minus(Duration.ofHours(1)).toString(), "endTime", base.minus(Duration.ofMinutes(30)).toString()));
        assertThat(map(structured(empty).get("summary"))).containsEntry("totalCalls", 0).containsEntry("avgResponseTime", null)
                .containsEntry("errorRate", null);
        assertThat(text(empty)).contains(": no calls, no data;").doesNotContain("NaN").doesNotContain("0.0 ms");
    }

    @Test
    void theDefaultHourHasSixtyMinuteBucketsAndItsThroughputIsOverSixtyMinutes() {
        Map<String, Object> grouped = structured(call("get_metrics", Map.of("mcpServer", "live", "groupBy", "minute",
                "aggregation", "count")));
        Instant from = Instant.parse((String) grouped.get("effectiveStart"));
        Instant to = Instant.parse((String) grouped.get("effectiveEnd"));
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(1));
        assertThat((List<?>) grouped.get("points")).hasSize(60);

        Map<String, Object> throughput = structured(call("get_metrics", Map.of("mcpServer", "live", "aggregation", "throughput")));
        Map<String, Object> row = map(((List<?>) throughput.get("points")).get(0));
        assertThat(row).containsEntry("count", 120).containsEntry("value", 2.0)
                .containsEntry("start", throughput.get("effectiveStart")).containsEntry("end", throughput.get("effectiveEnd"));
    }

    @Test
    void theReportSaysNoDataForAPeriodWithoutCalls() {
        Map<String, Object> args = Map.of("startTime", base.plusSeconds(30).toString(),
                "endTime", base.plusSeconds(90).toString(), "mcpServer", "shop");
        CallToolResult md = call("generate_performance_report", args);
        assertThat(text(md)).contains("(covers the whole minutes " + base + " to " + base.plus(Duration.ofMinutes(2)) + ")")
                .contains("| no data |").doesNotContain("NaN");
        Map<String, Object> json = map(structured(call("generate_performance_report",
                new java.util.HashMap<>(Map.of("startTime", base.plusSeconds(30).toString(), "endTime",
                        base.plusSeconds(90).toString(), "mcpServer", "shop", "format", "json")))).get("report"));
        assertThat(json).containsEntry("effectiveStart", base.toString());
        Map<String, Object> previous = map(map(json.get("overall")).get("previousPeriod"));
        assertThat(previous).containsEntry("direction", "no_data").containsEntry("callsChange", null);
        assertThat(map(previous.get("previous"))).containsEntry("avgResponseTime", null).containsEntry("errorRate", null);
    }

    @Test
    void theDashboardSaysNoDataForAServerWithoutCallsInItsWindow() {
        CallToolResult r = call("get_performance_dashboard", Map.of());
        List<Map<String, Object>> servers = (List<Map<String, Object>>) (List<?>) structured(r).get("servers");
        assertThat(servers).filteredOn(s -> "shop".equals(s.get("mcpServer"))).singleElement().satisfies(s ->
                assertThat(s).containsEntry("calls", 0).containsEntry("avgResponseTime", null)
                        .containsEntry("p95ResponseTime", null).containsEntry("errorRate", null));
        assertThat(text(r)).contains("shop: ").contains("0 calls, avg no data, p95 no data, errors no data")
                .doesNotContain("NaN");
    }
}
