package io.mcpmonitor.mcp.server;

import static io.mcpmonitor.mcp.server.SidecarProcess.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages that differ only by a number or a URL segment are one group, with one example, in every
 * answer of the sidecar over stdio: get_metrics' topErrors, the report and detect_anomalies.
 */
class ErrorGroupsStdioIT {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final long MINUTE = 60_000L;
    static final String[] AREAS = {"CA", "FL", "NY", "TX", "WA", "OR"};
    static final String URL_PATTERN = "GET https://api.weather.gov/<path> answered #";
    static final String QUERY_PATTERN = "no results for query #";

    @RegisterExtension
    static final StdioSidecar sidecar = new StdioSidecar(TIMEOUT);
    static long urlErrors;
    static long queryErrors;

    @BeforeAll
    static void start() {
        long now = System.currentTimeMillis();
        long onset = (now / MINUTE - 6) * MINUTE;
        SplittableRandom r = new SplittableRandom(5);
        int n = 0;
        try (Monitor m = Monitor.builder().storeDirectory(sidecar.store()).flushInterval(Duration.ZERO).writerId("it").build()) {
            for (long t = onset - 90 * MINUTE; t < now - 20_000; t += 2_000) {
                boolean fail = r.nextDouble() < (t >= onset ? 0.6 : 0.005);
                if (!fail) {
                    m.recordAt(t, "weather", "alerts", 30_000_000, Outcome.SUCCESS, null, null);
                } else if (n++ % 2 == 0) {
                    m.recordAt(t, "weather", "alerts", 30_000_000, Outcome.EXCEPTION, "java.io.IOException",
                            "GET https://api.weather.gov/alerts/active/area/" + AREAS[n % AREAS.length] + " answered "
                                    + (500 + n % 4));
                    urlErrors++;
                } else {
                    m.recordAt(t, "weather", "alerts", 30_000_000, Outcome.TOOL_ERROR, "tool_error",
                            "no results for query " + n);
                    queryErrors++;
                }
            }
        }
        assertThat(urlErrors).isGreaterThanOrEqualTo(30);
        assertThat(queryErrors).isGreaterThanOrEqualTo(30);
    }

    static CallToolResult call(String tool, Map<String, Object> args) {
        CallToolResult r = sidecar.call(tool, args);
        assertThat(r.isError()).as(text(r)).isNotEqualTo(Boolean.TRUE);
        return r;
    }

    @Test
    void getMetricsListsEachGroupOnceWithItsCountAndAnExample() {
        String start = java.time.Instant.ofEpochMilli(System.currentTimeMillis() - 3 * 3_600_000L).toString();
        CallToolResult r = call("get_metrics", Map.of("mcpServer", "weather", "startTime", start));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> top = (List<Map<String, Object>>) ((Map<?, ?>) ((Map<?, ?>) r.structuredContent())
                .get("summary")).get("topErrors");
        assertThat(top).hasSize(2);
        assertThat(top).anySatisfy(e -> {
            assertThat(e).containsEntry("message", URL_PATTERN).containsEntry("outcome", "exception");
            assertThat(((Number) e.get("count")).longValue()).isEqualTo(urlErrors);
            assertThat((String) e.get("example")).startsWith("GET https://api.weather.gov/alerts/active/area/");
        });
        assertThat(top).anySatisfy(e -> {
            assertThat(e).containsEntry("message", QUERY_PATTERN).containsEntry("outcome", "tool_error");
            assertThat(((Number) e.get("count")).longValue()).isEqualTo(queryErrors);
            assertThat((String) e.get("example")).matches("no results for query \\d+");
        });
    }

    @Test
    void theReportNamesTheGroupsNotTheirVariants() {
        String md = text(call("generate_performance_report", Map.of("format", "markdown", "mcpServer", "weather")))
                .replace("\\", ""); // Markdown escapes: '\#', '\<path\>'
        assertThat(md).contains(QUERY_PATTERN).doesNotContainPattern("no results for query \\d");
        assertThat(md).contains("\"no results for query #\" (" + queryErrors + ")");
        assertThat(md).doesNotContain("/area/CA", "/area/FL");
    }

    @Test
    void detectAnomaliesQuotesTheSameGroups() {
        CallToolResult r = call("detect_anomalies", Map.of("mcpServer", "weather"));
        String recommendations = ((Map<?, ?>) r.structuredContent()).get("anomalies").toString();
        assertThat(recommendations).contains("error_rate_spike");
        assertThat(recommendations).containsAnyOf(QUERY_PATTERN, URL_PATTERN)
                .doesNotContainPattern("no results for query \\d").doesNotContain("/area/CA");
    }
}
