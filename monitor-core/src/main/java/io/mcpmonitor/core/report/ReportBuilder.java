package io.mcpmonitor.core.report;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.detect.Anomaly;
import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.GroupBy;
import io.mcpmonitor.core.query.MetricPoint;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.MetricsResult;
import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.query.Trend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Assembles a {@link Report}. Every number comes from {@link MetricsQueries}, the query API behind
 * {@code get_metrics}, with the same parameters a client would give it: the totals are the
 * {@code get_metrics} summary of the range (and {@code mcpServer}), a server's those with
 * {@code mcpServer}, a tool's those with {@code mcpServer} and {@code toolName}; trends are the
 * previous period {@code get_metrics} compares with, and the same range seven days earlier. So a
 * report and {@code get_metrics} agree exactly on the same store.
 *
 * <p>Thread-safe if its sources are. The caller keeps the store reader fresh
 * ({@code StoreReader.refresh()}): a report reads what the reader holds, so all its sections see one
 * state of the store.
 *
 * <pre>{@code
 * StoreReader reader = new StoreReader(Store.at(dir));
 * reader.refresh();
 * Report r = new ReportBuilder(new MetricsQueries(reader), AnomalySource.NONE, AlertSource.NONE)
 *         .build(new ReportRequest(start, end, null, true), Instant.now());
 * String html = ReportFormat.HTML.render(r);
 * }</pre>
 */
public final class ReportBuilder {

    /** How far back the week-over-week comparison looks. */
    public static final Duration WEEK = Duration.ofDays(7);

    private final MetricsQueries queries;
    private final AnomalySource anomalies;
    private final AlertSource alerts;
    private final DeploymentSource deployments;

    public ReportBuilder(MetricsQueries queries, AnomalySource anomalies, AlertSource alerts) {
        this(queries, anomalies, alerts, DeploymentSource.NONE);
    }

    public ReportBuilder(MetricsQueries queries, AnomalySource anomalies, AlertSource alerts, DeploymentSource deployments) {
        this.deployments = Objects.requireNonNull(deployments, "deployments");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.anomalies = Objects.requireNonNull(anomalies, "anomalies");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
    }

    /** The report of {@code request} as the store, the anomaly log and the alert state are at {@code now}. */
    public Report build(ReportRequest request, Instant now) {
        MetricsResult all = run(request, request.server(), null);
        Map<String, TreeSet<String>> toolsByServer = new TreeMap<>();
        for (MetricPoint p : all.points()) {
            toolsByServer.computeIfAbsent(p.server(), s -> new TreeSet<>()).add(p.tool());
        }
        List<ServerReport> servers = new ArrayList<>();
        toolsByServer.forEach((server, tools) -> {
            List<ToolReport> perTool = new ArrayList<>();
            for (String tool : tools) {
                MetricsResult t = run(request, server, tool);
                perTool.add(new ToolReport(server, tool, t.summary(), t.trend()));
            }
            servers.add(new ServerReport(server, compare(request, server, run(request, server, null)), perTool));
        });
        List<ToolReport> tools = servers.stream().flatMap(s -> s.tools().stream()).toList();
        List<Bottleneck> bottlenecks = Bottlenecks.rank(tools, Bottlenecks.TOP);
        List<ToolReport> charted = Bottlenecks.rank(tools, request.topN()).stream()
                .map(b -> tools.stream().filter(t -> t.server().equals(b.server()) && t.tool().equals(b.tool()))
                        .findFirst().orElseThrow()).toList();
        List<FailingTool> failing = FailingTools.rank(tools, Math.max(FailingTools.TOP, request.topN()));
        List<ReportDeployment> deployed = deployments.deployments(request.start(), request.end(), request.server());
        List<Chart.Marker> markers = deployed.stream().map(d -> new Chart.Marker(d.at(), d.label())).toList();
        List<Chart> charts = ChartData.build(queries, request, charted, failing.stream().limit(request.topN()).toList())
                .stream().map(c -> c.withMarkers(markers)).toList();
        Report facts = new Report(request, now, compare(request, request.server(), all), servers, bottlenecks,
                FailingTools.rank(tools, FailingTools.TOP), anomalies(request, now), alerts(request), List.of(), List.of(),
                charts, deployed);
        return new Report(request, now, facts.overall(), servers, bottlenecks, facts.failingTools(), facts.anomalies(),
                facts.alerts(), ExecutiveSummary.highlights(facts),
                request.includeRecommendations() ? Recommendations.of(facts) : List.of(), facts.charts(), deployed,
                ContextCost.rank(queries, request), topClients(request));
    }

    /** The clients of the range's tool calls with the most calls, as {@code get_metrics groupBy client} counts them. */
    private List<io.mcpmonitor.core.query.ClientTotal> topClients(ReportRequest r) {
        List<io.mcpmonitor.core.query.ClientTotal> all = queries.clientTotals(
                new MetricsQuery(r.server(), null, r.start(), r.end(), Aggregation.COUNT, GroupBy.NONE));
        return all.subList(0, Math.min(Report.TOP_CLIENTS, all.size()));
    }

    private MetricsResult run(ReportRequest r, String server, String tool) {
        return queries.runWithoutRefresh(new MetricsQuery(server, tool, r.start(), r.end(), Aggregation.AVG, GroupBy.NONE));
    }

    private Comparison compare(ReportRequest r, String server, MetricsResult now) {
        MetricsQuery weekAgo = new MetricsQuery(server, null, r.start().minus(WEEK), r.end().minus(WEEK), Aggregation.AVG,
                GroupBy.NONE);
        MetricsResult before = queries.runWithoutRefresh(weekAgo);
        return new Comparison(now.summary(), now.trend(), Trend.compare(weekAgo.effectiveStart(), weekAgo.effectiveEnd(),
                now.summary(), before.summary(), before.dataSince()));
    }

    private List<Anomaly> anomalies(ReportRequest r, Instant now) {
        return anomalies.anomalies(r.start(), r.end(), r.server(), now).stream()
                .sorted(Comparator.comparing(Anomaly::severity).reversed()
                        .thenComparing(Anomaly::timestamp, Comparator.reverseOrder()).thenComparing(Anomaly::id))
                .toList();
    }

    /** Alerts of the server in scope that were open at some point of the range, as the alert state knows them now. */
    private List<Alert> alerts(ReportRequest r) {
        long start = r.start().toEpochMilli();
        long end = r.end().toEpochMilli();
        return alerts.alerts().stream()
                .filter(a -> r.server() == null || r.server().equals(a.server()))
                .filter(a -> a.startsMillis() > 0 && a.startsMillis() < end && (a.resolvedMillis() <= 0 || a.resolvedMillis() >= start))
                .sorted(Comparator.comparing(Alert::severity).reversed()
                        .thenComparing(Alert::startsMillis, Comparator.reverseOrder()).thenComparing(Alert::id))
                .toList();
    }
}
