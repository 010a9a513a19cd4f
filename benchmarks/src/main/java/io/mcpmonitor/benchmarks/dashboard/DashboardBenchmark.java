package io.mcpmonitor.benchmarks.dashboard;

import io.mcpmonitor.benchmarks.store.BusyReaderBenchmark;
import io.mcpmonitor.benchmarks.store.BusyStore;
import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.health.Dashboard;
import io.mcpmonitor.core.health.HealthDashboard;
import io.mcpmonitor.core.health.TimelinePoint;
import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.GroupBy;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.MetricsResult;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The dashboard over the day-old store of 300 busy series ({@link BusyStore}) at
 * {@link BusyStore#NOW}, with the default alert rules (state in a temporary directory of its own).
 * Target: under 5 ms.
 *
 * <ul>
 *   <li>{@code dashboard300Series}: {@link HealthDashboard#compute}, what {@code get_performance_dashboard}
 *       answers from (the last 15 minutes of every series, scored against the rules), on a reader
 *       already refreshed;</li>
 *   <li>{@code dashboardNewMinuteEveryCall}: the same, each call a minute apart from the one before (so no
 *       merge of closed minutes can be reused: what the first dashboard of each minute costs, and the bound
 *       when every series gets late data in its closed minutes);</li>
 *   <li>{@code timelineAllServers60Min}: the web page's chart data for all servers (60 minutes of
 *       p50/p95/p99 and error rate);</li>
 *   <li>{@code baselineGetMetricsLastHour}: the baseline measured in the same run, one {@code get_metrics}
 *       of the last hour over all series (p95, no grouping, with its trend period), on the same reader.</li>
 * </ul>
 */
public class DashboardBenchmark extends BusyReaderBenchmark {

    HealthDashboard health;
    HealthDashboard everyMinuteNew;
    long minuteFlip;
    MetricsQueries queries;
    MetricsQuery lastHour;

    @Setup
    public void setUp() throws Exception {
        health = new HealthDashboard(reader, AlertEngine.open(Files.createTempDirectory("dashboard-bench"), AlertPolicy.DEFAULT));
        everyMinuteNew = new HealthDashboard(reader, AlertEngine.open(Files.createTempDirectory("dashboard-bench"),
                AlertPolicy.DEFAULT));
        queries = new MetricsQueries(reader);
        Instant end = BusyStore.NOW;
        lastHour = MetricsQuery.builder().start(end.minus(Duration.ofHours(1))).end(end).aggregation(Aggregation.P95)
                .groupBy(GroupBy.NONE).build(end);
        Dashboard d = health.compute(now);
        System.out.printf("%n[setup] dashboard: %d servers (%d healthy, %d degraded, %d critical), %d calls in the window, "
                        + "p95 %.3f ms, system %s %d%n", d.totals().servers(), d.totals().healthy(), d.totals().degraded(),
                d.totals().critical(), d.totals().calls(), d.totals().p95ResponseTime(), d.systemHealth().status().wireName(),
                d.systemHealth().healthScore());
    }

    @Benchmark
    public Dashboard dashboard300Series() {
        return health.compute(now);
    }

    @Benchmark
    public Dashboard dashboardNewMinuteEveryCall() {
        minuteFlip ^= 60_000;
        return everyMinuteNew.compute(now - minuteFlip);
    }

    @Benchmark
    public List<TimelinePoint> timelineAllServers60Min() {
        return health.timeline(null, 60, now);
    }

    @Benchmark
    public MetricsResult baselineGetMetricsLastHour() {
        return queries.runWithoutRefresh(lastHour);
    }
}
