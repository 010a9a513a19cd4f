package io.mcpmonitor.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertStatus;
import io.mcpmonitor.core.alert.Severity;
import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.GroupBy;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.MetricsResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportBuilderTest {

    @TempDir
    Path dir;

    ReportScene scene;

    @BeforeEach
    void write() throws Exception {
        scene = new ReportScene(dir);
    }

    MetricsResult getMetrics(String server, String tool) {
        return scene.queries().run(MetricsQuery.builder().server(server).tool(tool).start(ReportScene.START)
                .end(ReportScene.END).build());
    }

    @Test
    void everyNumberIsTheGetMetricsSummaryOfTheSameRangeAndFilters() {
        Report r = scene.report(true);
        assertThat(r.overall().summary()).isEqualTo(getMetrics(null, null).summary());
        assertThat(r.overall().previousPeriod()).isEqualTo(getMetrics(null, null).trend());
        assertThat(r.servers()).extracting(ServerReport::server).containsExactly(ReportScene.EVIL_SERVER, "weather");
        for (ServerReport s : r.servers()) {
            assertThat(s.totals().summary()).isEqualTo(getMetrics(s.server(), null).summary());
            for (ToolReport t : s.tools()) {
                assertThat(t.summary()).isEqualTo(getMetrics(s.server(), t.tool()).summary());
            }
        }
        assertThat(r.tools()).extracting(ToolReport::tool).containsExactly(ReportScene.EVIL_TOOL, "forecast", "radar");
        assertThat(r.overall().summary().totalCalls()).isEqualTo(120 * (10 + 1 + 5));
    }

    @Test
    void comparesWithThePreviousPeriodAndTheSameRangeAWeekEarlier() {
        Report r = scene.report("weather", true);
        Comparison c = r.servers().get(0).totals();
        assertThat(c.previousPeriod().previousStart()).isEqualTo(ReportScene.START.minus(Duration.ofHours(2)));
        assertThat(c.weekOverWeek().previousStart()).isEqualTo(ReportScene.START.minus(Duration.ofDays(7)));
        assertThat(c.weekOverWeek().previousEnd()).isEqualTo(ReportScene.END.minus(Duration.ofDays(7)));
        assertThat(c.weekOverWeek().previous().totalCalls()).isEqualTo(1200);
        assertThat(c.previousPeriod().previous().totalCalls()).isEqualTo(1200);
        // forecast went from ~10 ms to ~20 ms, and radar appeared: slower both ways
        assertThat(c.weekOverWeek().direction()).isEqualTo("degrading");
        assertThat(c.weekOverWeek().p95ResponseTimeChange()).isGreaterThan(100);
        assertThat(r.highlights()).anyMatch(h -> h.startsWith("Week over week") && h.contains("degrading"));
        assertThat(r.servers()).extracting(ServerReport::server).containsExactly("weather");
        assertThat(r.anomalies()).extracting(a -> a.mcpServer()).containsOnly("weather");
    }

    @Test
    void ranksBottlenecksAndFailingToolsAndRecommendsFromThem() {
        Report r = scene.report(true);
        // evil: 600 calls at ~800+ ms p95 outweighs radar (120 calls at ~900+ ms) and forecast (1200 at ~25 ms)
        assertThat(r.bottlenecks()).extracting(Bottleneck::tool).containsExactly(ReportScene.EVIL_TOOL, "radar", "forecast");
        assertThat(r.failingTools()).extracting(FailingTool::tool).containsExactly(ReportScene.EVIL_TOOL, "forecast");
        assertThat(r.failingTools().get(0).topErrors().get(0).message()).isEqualTo(ReportScene.EVIL_MESSAGE_GROUP);
        assertThat(r.failingTools().get(0).topErrors().get(0).example()).isEqualTo(ReportScene.EVIL_MESSAGE);
        assertThat(r.recommendations()).first().asString().startsWith("Fix " + ReportScene.EVIL_SERVER)
                .contains("java.lang.IllegalStateException");
        assertThat(r.recommendations()).anyMatch(s -> s.startsWith("Speed up weather / radar"));
        assertThat(scene.report(false).recommendations()).isEmpty();
    }

    @Test
    void takesTheAlertsThatFiredAndTheAnomaliesSortedMostSevereFirst() {
        Report r = scene.report(true);
        assertThat(r.alerts()).extracting(Alert::metric).containsOnly(AlertMetric.RESPONSE_TIME, AlertMetric.ERROR_RATE);
        assertThat(r.alerts().get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.alerts()).extracting(Alert::server).contains(ReportScene.EVIL_SERVER, "weather");
        assertThat(r.anomalies()).extracting(a -> a.id()).containsExactly("a-1", "a-2");
    }

    @Test
    void keepsOnlyAlertsOpenAtSomePointOfTheRange() {
        long start = ReportScene.START.toEpochMilli();
        long end = ReportScene.END.toEpochMilli();
        List<Alert> all = List.of(alert("before", start - 7_200_000, start - 60_000),
                alert("overlapsStart", start - 7_200_000, start + 60_000),
                alert("inside", start + 60_000, end - 60_000),
                alert("stillOpen", start - 86_400_000, 0),
                alert("after", end + 1, 0));
        Report r = new ReportBuilder(scene.queries(), AnomalySource.NONE, () -> all)
                .build(new ReportRequest(ReportScene.START, ReportScene.END, null, true), ReportScene.NOW);
        assertThat(r.alerts()).extracting(Alert::id).containsExactlyInAnyOrder("overlapsStart", "inside", "stillOpen");
        assertThat(r.recommendations()).anyMatch(s -> s.startsWith("1 alerts are still open"));
    }

    static Alert alert(String id, long starts, long resolved) {
        return new Alert(id, "rule", "weather", "forecast", AlertMetric.ERROR_RATE, "", Severity.WARNING,
                resolved > 0 ? AlertStatus.RESOLVED : AlertStatus.ACTIVE, 3, 1, starts, starts, 1, 0, null, null, 0, 0,
                resolved, resolved > 0 ? "cleared" : null);
    }

    @Test
    void chartsTheTopToolsErrorRateAndVolumePerMinute() {
        Report r = scene.report(true);
        assertThat(r.charts()).extracting(Chart::id).containsExactly("latency-1", "latency-2", "latency-3", "error-rate", "volume",
                "errors-1", "errors-2");
        assertThat(r.charts().get(5).title()).isEqualTo("Error rate of " + r.failingTools().get(0).server() + " / "
                + r.failingTools().get(0).tool());
        Chart latency = r.charts().get(0);
        assertThat(latency.lines()).extracting(Chart.Line::label).containsExactly("p50", "p95", "p99");
        assertThat(latency.lines().get(1).points()).hasSize(120);
        assertThat(latency.bucketMillis()).isEqualTo(60_000);
        Chart volume = r.charts().get(4);
        assertThat(volume.lines()).extracting(Chart.Line::label).containsExactly("weather", ReportScene.EVIL_SERVER);
        assertThat(volume.lines().get(0).points()).hasSize(120)
                .allSatisfy(p -> assertThat(p.value()).isEqualTo(11.0));
        MetricsResult perMinute = scene.queries().run(new MetricsQuery(ReportScene.EVIL_SERVER, null, ReportScene.START,
                ReportScene.END, Aggregation.ERROR_RATE, GroupBy.MINUTE));
        assertThat(r.charts().get(3).lines().get(1).points()).extracting(Chart.Point::value)
                .containsExactlyElementsOf(perMinute.points().stream().map(p -> p.value()).toList());
    }

    @Test
    void chartsCoverWhereTheDataIsNotTheWholeRange() {
        // 24 hours asked; the store has calls from 2 hours before START (the previous period) to END
        Report r = new ReportBuilder(scene.queries(), AnomalySource.NONE, AlertSource.NONE)
                .build(new ReportRequest(ReportScene.END.minus(Duration.ofHours(24)), ReportScene.END, null, true), ReportScene.NOW);
        Instant dataFrom = ReportScene.START.minus(Duration.ofHours(2));
        assertThat(r.charts()).allSatisfy(c -> {
            assertThat(c.start()).as(c.id()).isEqualTo(dataFrom);
            assertThat(c.end()).as(c.id()).isEqualTo(ReportScene.END);
            assertThat(c.bucketMillis()).as(c.id() + ": minutes, as for a 4-hour report").isEqualTo(60_000);
        });
        assertThat(r.request().start()).as("the report itself keeps the range asked").isEqualTo(ReportScene.END.minus(Duration.ofHours(24)));
        String html = ReportFormat.HTML.render(r);
        assertThat(html).contains("11-25 08:00");
    }

    @Test
    void topNChoosesHowManyToolsAreCharted() {
        Report one = new ReportBuilder(scene.queries(), AnomalySource.NONE, AlertSource.NONE)
                .build(new ReportRequest(ReportScene.START, ReportScene.END, null, true, 1), ReportScene.NOW);
        assertThat(one.charts()).extracting(Chart::id).containsExactly("latency-1", "error-rate", "volume", "errors-1");
        Report all = new ReportBuilder(scene.queries(), AnomalySource.NONE, AlertSource.NONE)
                .build(new ReportRequest(ReportScene.START, ReportScene.END, null, true, 10), ReportScene.NOW);
        long tools = all.servers().stream().mapToLong(s -> s.tools().size()).sum();
        assertThat(all.charts().stream().filter(c -> c.id().startsWith("latency-"))).hasSize((int) tools);
        assertThat(all.charts().stream().filter(c -> c.id().startsWith("errors-"))).hasSize(2);
        assertThatThrownBy(() -> new ReportRequest(ReportScene.START, ReportScene.END, null, true, 0)).hasMessageStartingWith("topN:");
        assertThatThrownBy(() -> new ReportRequest(ReportScene.START, ReportScene.END, null, true, 21)).hasMessageStartingWith("topN:");
    }

    @Test
    void refusesARangeThatEndsBeforeItStartsNamingTheField() {
        Instant t = ReportScene.START;
        assertThatThrownBy(() -> new ReportRequest(t, t, null, true)).hasMessageStartingWith("endTime:");
        assertThatThrownBy(() -> new ReportRequest(t.minus(Duration.ofDays(401)), t, null, true)).hasMessageStartingWith("startTime:");
        assertThatThrownBy(() -> new ReportRequest(t, t.plusSeconds(1), " ", true)).hasMessageStartingWith("mcpServer:");
        assertThatThrownBy(() -> ReportFormat.fromWireName("pdf")).hasMessageStartingWith("format:");
    }
}
