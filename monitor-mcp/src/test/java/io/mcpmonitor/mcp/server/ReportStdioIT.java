package io.mcpmonitor.mcp.server;

import static io.mcpmonitor.mcp.server.SidecarProcess.structured;
import static io.mcpmonitor.mcp.server.SidecarProcess.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.testkit.Patience;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code generate_performance_report} through the official MCP client
 * over stdio against the packaged sidecar ({@code monitor-mcp.jar serve}), on a store holding a known
 * workload, compared number by number with {@code get_metrics} for the same range; the HTML report
 * parsed with jsoup; and the {@code report} command of the same jar run as a process.
 */
class ReportStdioIT {

    static final long MINUTE = 60_000L;
    static final String EVIL_SERVER = "<script>alert(1)</script>";
    static final String EVIL_TOOL = "\"><img src=x onerror=alert(1)>";
    static final List<String> SUMMARY_FIELDS = List.of("totalCalls", "avgResponseTime", "p50ResponseTime", "p95ResponseTime",
            "p99ResponseTime", "minResponseTime", "maxResponseTime", "errorRate");

    @RegisterExtension
    static final StdioSidecar sidecar = new StdioSidecar(Patience.START);
    static Instant start;
    static Instant end;
    static long written;

    @BeforeAll
    static void start() {
        long endMillis = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
        end = Instant.ofEpochMilli(endMillis);
        start = end.minus(Duration.ofHours(2));
        SplittableRandom r = new SplittableRandom(5);
        try (Monitor m = Monitor.builder().storeDirectory(sidecar.store()).flushInterval(Duration.ZERO).writerId("it").build()) {
            for (long t = start.toEpochMilli() - 2 * 3_600_000L; t < endMillis; t += 4_000) {
                boolean inRange = t >= start.toEpochMilli();
                m.recordAt(t, "shop", "search", nanos(r, inRange ? 60 : 40), Outcome.SUCCESS, null, null);
                if (!inRange) {
                    continue;
                }
                boolean fail = r.nextDouble() < 0.05;
                m.recordAt(t, "shop", "checkout", nanos(r, 250), fail ? Outcome.TOOL_ERROR : Outcome.SUCCESS,
                        fail ? "tool_error" : null, fail ? "payment declined" : null);
                m.recordAt(t, "weather", "forecast", nanos(r, 900), Outcome.SUCCESS, null, null);
                boolean threw = r.nextDouble() < 0.2;
                m.recordAt(t, EVIL_SERVER, EVIL_TOOL, nanos(r, 400), threw ? Outcome.EXCEPTION : Outcome.SUCCESS,
                        threw ? "java.io.IOException" : null, threw ? "<img src=x onerror=alert(2)> | `x`" : null);
                written += 4;
            }
        }
    }

    static long nanos(SplittableRandom r, double medianMs) {
        return (long) (medianMs * 1e6 * Math.exp(0.3 * r.nextGaussian()));
    }

    static CallToolResult call(String tool, Map<String, Object> args) {
        return sidecar.call(tool, args);
    }

    static Map<String, Object> range(Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("startTime", start.toString(), "endTime", end.toString()));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    static Map<?, ?> getMetricsSummary(Object... filters) {
        CallToolResult r = call("get_metrics", range(filters));
        assertThat(r.isError()).as(text(r)).isFalse();
        return (Map<?, ?>) structured(r).get("summary");
    }

    static void assertSameNumbers(String scope, Map<?, ?> report, Map<?, ?> getMetrics) {
        for (String f : SUMMARY_FIELDS) {
            assertThat(((Number) report.get(f)).doubleValue()).as(scope + " " + f)
                    .isEqualTo(((Number) getMetrics.get(f)).doubleValue());
        }
        assertThat(report.get("errorsByOutcome")).as(scope + " errorsByOutcome").isEqualTo(getMetrics.get("errorsByOutcome"));
    }

    static Map<?, ?> jsonReport() {
        CallToolResult r = call("generate_performance_report", range("format", "json"));
        assertThat(r.isError()).as(text(r)).isFalse();
        assertThat(structured(r)).containsEntry("format", "json").doesNotContainKey("document");
        assertThat(text(r)).contains("\"reportVersion\"");
        return (Map<?, ?>) structured(r).get("report");
    }

    @Test
    void reportNumbersEqualGetMetricsForTheSameRangePerServerAndTool() {
        Map<?, ?> report = jsonReport();
        Map<?, ?> overall = (Map<?, ?>) ((Map<?, ?>) report.get("overall")).get("summary");
        assertThat(((Number) overall.get("totalCalls")).longValue()).isEqualTo(written);
        assertSameNumbers("overall", overall, getMetricsSummary());
        List<?> servers = (List<?>) report.get("servers");
        assertThat(servers.stream().map(s -> (String) ((Map<?, ?>) s).get("mcpServer")).toList())
                .containsExactly(EVIL_SERVER, "shop", "weather");
        int tools = 0;
        for (Object o : servers) {
            Map<?, ?> s = (Map<?, ?>) o;
            String server = (String) s.get("mcpServer");
            assertSameNumbers(server, (Map<?, ?>) s.get("summary"), getMetricsSummary("mcpServer", server));
            for (Object t : (List<?>) s.get("tools")) {
                String tool = (String) ((Map<?, ?>) t).get("toolName");
                assertSameNumbers(server + "/" + tool, (Map<?, ?>) ((Map<?, ?>) t).get("summary"),
                        getMetricsSummary("mcpServer", server, "toolName", tool));
                tools++;
            }
        }
        assertThat(tools).isEqualTo(4);
        // and each aggregation get_metrics answers per series is the value the report gives that tool
        Map<String, String> fieldOf = Map.of("avg", "avgResponseTime", "p50", "p50ResponseTime", "p95", "p95ResponseTime",
                "p99", "p99ResponseTime", "max", "maxResponseTime", "error_rate", "errorRate", "count", "totalCalls");
        fieldOf.forEach((aggregation, field) -> {
            CallToolResult r = call("get_metrics", range("aggregation", aggregation));
            List<?> points = (List<?>) structured(r).get("points");
            assertThat(points).hasSize(4);
            for (Object p : points) {
                Map<?, ?> point = (Map<?, ?>) p;
                Map<?, ?> tool = toolSummary(report, (String) point.get("mcpServer"), (String) point.get("toolName"));
                assertThat(((Number) point.get("value")).doubleValue()).as(aggregation + " of " + point)
                        .isEqualTo(((Number) tool.get(field)).doubleValue());
            }
        });
        Map<?, ?> trend = (Map<?, ?>) structured(call("get_metrics", range())).get("trend");
        Map<?, ?> previous = (Map<?, ?>) ((Map<?, ?>) report.get("overall")).get("previousPeriod");
        for (String f : List.of("previousStart", "previousEnd", "direction", "callsChange", "p95ResponseTimeChange",
                "errorRateChange")) {
            assertThat(String.valueOf(previous.get(f))).as("trend " + f).isEqualTo(String.valueOf(trend.get(f)));
        }
        Map<?, ?> weekOverWeek = (Map<?, ?>) ((Map<?, ?>) report.get("overall")).get("weekOverWeek");
        assertThat(weekOverWeek.get("previousStart")).isEqualTo(start.minus(Duration.ofDays(7)).toString());
        assertThat(weekOverWeek.get("direction")).isEqualTo("no_data");
    }

    static Map<?, ?> toolSummary(Map<?, ?> report, String server, String tool) {
        for (Object s : (List<?>) report.get("servers")) {
            if (server.equals(((Map<?, ?>) s).get("mcpServer"))) {
                for (Object t : (List<?>) ((Map<?, ?>) s).get("tools")) {
                    if (tool.equals(((Map<?, ?>) t).get("toolName"))) {
                        return (Map<?, ?>) ((Map<?, ?>) t).get("summary");
                    }
                }
            }
        }
        throw new AssertionError("no " + server + "/" + tool + " in the report");
    }

    @Test
    void htmlReportIsSelfContainedAndNamesAreInertText() {
        CallToolResult r = call("generate_performance_report", range("format", "html"));
        assertThat(r.isError()).as(text(r)).isFalse();
        String html = (String) structured(r).get("document");
        assertThat(text(r)).isEqualTo(html);
        assertInertReport(Jsoup.parse(html));
    }

    static void assertInertReport(Document doc) {
        assertThat(doc.select("main > section").eachAttr("id")).containsExactly("summary", "charts", "trends", "metrics",
                "bottlenecks", "failing-tools", "context-cost", "top-clients", "anomalies", "alerts", "deployments", "recommendations");
        assertThat(doc.select("section > h2").eachText()).contains("Executive summary", "Top bottlenecks", "Recommendations");
        // three latency charts (p50, p95, p99 each), error rate and volume (a line per server each), and
        // the error rate of each failing tool (two in this workload)
        assertThat(doc.select("svg")).hasSize(7);
        assertThat(doc.select("svg path.series[d]")).hasSize(3 * 3 + 3 + 3 + 2);
        assertThat(doc.select("script")).isEmpty();
        for (Element e : doc.getAllElements()) {
            assertThat(e.attributes().asList()).extracting(Attribute::getKey).as(e.tagName())
                    .noneMatch(k -> k.toLowerCase().startsWith("on"));
        }
        assertThat(doc.select("img")).isEmpty();
        assertThat(doc.select("#metrics h3").eachText()).containsExactly(EVIL_SERVER, "shop", "weather");
        assertThat(doc.select("#metrics td").eachText()).contains(EVIL_TOOL);
        // the error table shows the message's group (its numbers masked), still inert text
        assertThat(doc.select("#failing-tools td").eachText()).anyMatch(t -> t.contains("<img src=x onerror=alert(#)> | `x`"));
    }

    @Test
    void markdownByDefaultOfOneServerWithoutRecommendations() {
        CallToolResult r = call("generate_performance_report", range("mcpServer", "shop", "includeRecommendations", false));
        assertThat(r.isError()).as(text(r)).isFalse();
        assertThat(structured(r)).containsEntry("format", "markdown");
        assertThat(text(r)).startsWith("# MCP performance report").contains("server shop", "### shop", "## Top bottlenecks")
                .doesNotContain("## Recommendations", "### weather");
        Map<?, ?> report = (Map<?, ?>) structured(r).get("report");
        assertSameNumbers("shop", (Map<?, ?>) ((Map<?, ?>) report.get("overall")).get("summary"),
                getMetricsSummary("mcpServer", "shop"));
    }

    @Test
    void absentTimesMeanTheLast24HoursLikeTheCommandLine() {
        CallToolResult onlyEnd = call("generate_performance_report", Map.of("endTime", end.toString(), "format", "json"));
        assertThat(onlyEnd.isError()).as(text(onlyEnd)).isFalse();
        Map<?, ?> report = (Map<?, ?>) structured(onlyEnd).get("report");
        assertThat(report.get("startTime")).isEqualTo(end.minus(java.time.Duration.ofHours(24)).toString());
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        CallToolResult none = call("generate_performance_report", Map.of("format", "json"));
        assertThat(none.isError()).as(text(none)).isFalse();
        Map<?, ?> latest = (Map<?, ?>) structured(none).get("report");
        Instant endNow = Instant.parse((String) latest.get("endTime"));
        assertThat(endNow).isAfterOrEqualTo(before);
        assertThat(Instant.parse((String) latest.get("startTime"))).isEqualTo(endNow.minus(java.time.Duration.ofHours(24)));
    }

    @Test
    void badInputIsAnErrorResultNamingTheField() {
        Object[][] cases = {
            {range("format", "pdf"), "format", "unknown value 'pdf'"},
            {range("topN", 0), "topN", "whole number from 1 to 20"},
            {range("includeRecommendations", "yes"), "includeRecommendations", "must be true or false"},
            {range("mcpServer", " "), "mcpServer", "must not be blank"},
            {range("startTime", "yesterday"), "startTime", "ISO-8601"},
            {range("endTime", start.minusSeconds(60).toString()), "endTime", "must be after startTime"},
            {range("groupBy", "hour"), "groupBy", "unknown argument"}};
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            CallToolResult r = call("generate_performance_report", (Map<String, Object>) c[0]);
            assertThat(r.isError()).as(c[1].toString()).isTrue();
            assertThat(text(r)).startsWith(c[1] + ":").contains((String) c[2]);
            assertThat(((Map<?, ?>) structured(r).get("error")).get("field")).isEqualTo(c[1]);
        }
    }

    @Test
    void reportCommandOfTheJarWritesTheHtmlFile() throws Exception {
        Path file = sidecar.store().resolveSibling(sidecar.store().getFileName() + "-out").resolve("report.html");
        Process p = new ProcessBuilder(SidecarProcess.java(), "-jar", SidecarProcess.jar(), "report", "--store", sidecar.store().toString(),
                "--from", start.toString(), "--to", end.toString(), "--format", "html", "--out", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("written to");
        Document doc = Jsoup.parse(Files.readString(file));
        assertInertReport(doc);
        assertThat(doc.select("#summary .tile .value").first().text()).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", written));
    }
}
