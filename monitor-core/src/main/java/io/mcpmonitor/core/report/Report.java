package io.mcpmonitor.core.report;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.detect.Anomaly;
import io.mcpmonitor.core.query.ClientTotal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A performance report over {@code request}'s range, as {@link ReportBuilder} assembled it; render it
 * with {@link ReportFormat}. Immutable and thread-safe.
 *
 * @param overall         totals of every server in scope, with the previous-period and week-over-week trends
 * @param servers         per server (alphabetical), each with its tools (alphabetical)
 * @param bottlenecks     ranked by {@link Bottlenecks}
 * @param failingTools    ranked by {@link FailingTools}
 * @param anomalies       from background detection, going on at some point of the range; most severe first
 * @param alerts          open or firing at some point of the range; most severe, then newest first
 * @param highlights      the executive summary, one sentence each
 * @param recommendations what to do, most important first; empty when not requested
 * @param charts          latency percentiles of the top tools, error rate and volume over time, deployments marked
 * @param deployments     the deployments of the range with their verdicts, oldest first
 * @param contextCost     the tools whose results put the most bytes into the assistants' context, ranked
 * @param topClients      the calling clients with the most tool calls, with their failed calls, most calls first
 */
public record Report(ReportRequest request, Instant generatedAt, Comparison overall, List<ServerReport> servers,
                     List<Bottleneck> bottlenecks, List<FailingTool> failingTools, List<Anomaly> anomalies,
                     List<Alert> alerts, List<String> highlights, List<String> recommendations, List<Chart> charts,
                     List<ReportDeployment> deployments, List<ContextCost> contextCost, List<ClientTotal> topClients) {

    /** Clients listed in {@link #topClients()}. */
    public static final int TOP_CLIENTS = 10;

    /** A report without the top-clients section's data. */
    public Report(ReportRequest request, Instant generatedAt, Comparison overall, List<ServerReport> servers,
                  List<Bottleneck> bottlenecks, List<FailingTool> failingTools, List<Anomaly> anomalies,
                  List<Alert> alerts, List<String> highlights, List<String> recommendations, List<Chart> charts,
                  List<ReportDeployment> deployments, List<ContextCost> contextCost) {
        this(request, generatedAt, overall, servers, bottlenecks, failingTools, anomalies, alerts, highlights,
                recommendations, charts, deployments, contextCost, List.of());
    }

    /** A report without the context-cost section's data. */
    public Report(ReportRequest request, Instant generatedAt, Comparison overall, List<ServerReport> servers,
                  List<Bottleneck> bottlenecks, List<FailingTool> failingTools, List<Anomaly> anomalies,
                  List<Alert> alerts, List<String> highlights, List<String> recommendations, List<Chart> charts,
                  List<ReportDeployment> deployments) {
        this(request, generatedAt, overall, servers, bottlenecks, failingTools, anomalies, alerts, highlights,
                recommendations, charts, deployments, List.of());
    }

    /** The version of the JSON form ({@code reportVersion}); raised on any incompatible change. */
    public static final int FORMAT_VERSION = 1;

    public Report {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(overall, "overall");
        servers = List.copyOf(servers);
        bottlenecks = List.copyOf(bottlenecks);
        failingTools = List.copyOf(failingTools);
        anomalies = List.copyOf(anomalies);
        alerts = List.copyOf(alerts);
        highlights = List.copyOf(highlights);
        recommendations = List.copyOf(recommendations);
        charts = List.copyOf(charts);
        deployments = List.copyOf(deployments);
        contextCost = List.copyOf(contextCost);
        topClients = List.copyOf(topClients);
    }

    /** Every tool of every server, servers then tools alphabetical. */
    public List<ToolReport> tools() {
        return servers.stream().flatMap(s -> s.tools().stream()).toList();
    }
}
