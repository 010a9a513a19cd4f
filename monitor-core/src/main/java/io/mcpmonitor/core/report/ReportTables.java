package io.mcpmonitor.core.report;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.detect.Anomaly;
import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.query.Trend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The tables of a report as raw text cells, shared by the Markdown and HTML renderers (which escape
 * every cell for their format). Stateless.
 */
final class ReportTables {

    /** A table: a header row and rows of the same width; cells are raw (unescaped) text. */
    record Table(List<String> header, List<List<String>> rows) {
        Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    private ReportTables() {
    }

    /** The tools of one server. */
    static Table tools(ServerReport s) {
        List<List<String>> rows = new ArrayList<>();
        for (ToolReport t : s.tools()) {
            Summary m = t.summary();
            rows.add(List.of(t.tool(), Figures.count(m.totalCalls()), Figures.ms(m.avgResponseTime()),
                    Figures.ms(m.p50ResponseTime()), Figures.ms(m.p95ResponseTime()), Figures.ms(m.p99ResponseTime()),
                    Figures.ms(m.maxResponseTime()), Figures.percent(m.errorRate()),
                    Figures.change(t.previousPeriod().p95ResponseTimeChange())));
        }
        return new Table(List.of("Tool", "Calls", "Avg", "p50", "p95", "p99", "Max", "Error rate", "p95 vs previous"), rows);
    }

    /** One line on a server's totals, above its tool table. */
    static String serverTotals(ServerReport s) {
        Summary m = s.totals().summary();
        return String.format("%s calls, avg %s, p50 %s, p95 %s, p99 %s, max %s, error rate %s%s.", Figures.count(m.totalCalls()),
                Figures.ms(m.avgResponseTime()), Figures.ms(m.p50ResponseTime()), Figures.ms(m.p95ResponseTime()),
                Figures.ms(m.p99ResponseTime()), Figures.ms(m.maxResponseTime()), Figures.percent(m.errorRate()),
                m.errorsByOutcome().isEmpty() ? "" : " (" + outcomes(m.errorsByOutcome()) + ")");
    }

    static Table bottlenecks(List<Bottleneck> list) {
        List<List<String>> rows = list.stream().map(b -> List.of(Integer.toString(b.rank()), b.server(), b.tool(),
                Figures.count(b.calls()), Figures.ms(b.p95ResponseTime()), Figures.plain(b.impactSeconds()),
                Figures.percent(b.sharePercent()))).toList();
        return new Table(List.of("#", "Server", "Tool", "Calls", "p95", "Impact (s)", "Share"), rows);
    }

    static Table failingTools(List<FailingTool> list) {
        List<List<String>> rows = list.stream().map(f -> List.of(Integer.toString(f.rank()), f.server(), f.tool(),
                Figures.count(f.calls()), Figures.count(f.errors()), Figures.percent(f.errorRate()),
                outcomes(f.errorsByOutcome()),
                f.topErrors().stream().map(ExecutiveSummary::describe).collect(Collectors.joining("; ")))).toList();
        return new Table(List.of("#", "Server", "Tool", "Calls", "Failed", "Error rate", "By outcome", "Top errors"), rows);
    }

    /** The note that says how the context cost is measured and estimated. */
    static final String CONTEXT_COST_NOTE = "Bytes of the tools' results (UTF-8 text contents plus structured content "
            + "as JSON): what they put into the calling assistant's context. Tokens are estimated as bytes / 4.";

    static Table contextCost(List<ContextCost> list) {
        List<List<String>> rows = list.stream().map(c -> List.of(Integer.toString(c.rank()), c.server(), c.tool(),
                Figures.count(c.totalBytes()), Figures.count(c.estimatedTokens()), Figures.count(Math.round(c.p95Bytes())),
                Figures.count(c.maxBytes()), c.previousTotalBytes() < 0 ? "new" : Figures.count(c.previousTotalBytes()),
                Double.isNaN(c.changePercent()) ? "" : String.format(java.util.Locale.ROOT, "%+.1f %%", c.changePercent())))
                .toList();
        return new Table(List.of("#", "Server", "Tool", "Result bytes", "≈ Tokens", "p95 bytes", "Max bytes",
                "Previous period", "Change"), rows);
    }

    /** The note that says what the top-clients table counts. */
    static final String TOP_CLIENTS_NOTE = "Tool calls by calling client (name/version of the clientInfo it sent at "
            + "initialize), all servers in scope together; failed = any outcome but success. Clients that did not say "
            + "who they are are not listed.";

    static Table topClients(List<io.mcpmonitor.core.query.ClientTotal> list) {
        List<List<String>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            var c = list.get(i);
            rows.add(List.of(Integer.toString(i + 1), c.client(), Figures.count(c.calls()), Figures.count(c.errors()),
                    Figures.percent(c.errorRate())));
        }
        return new Table(List.of("#", "Client", "Calls", "Failed", "Error rate"), rows);
    }

    static Table anomalies(List<Anomaly> list) {
        List<List<String>> rows = list.stream().map(a -> List.of(a.severity().wireName(), a.anomalyType().wireName(),
                a.mcpServer(), a.toolName() == null ? "(process)" : a.toolName(), a.timestamp().toString(),
                a.lastSeen().toString(), a.status(), a.description())).toList();
        return new Table(List.of("Severity", "Type", "Server", "Tool", "From", "Last seen", "Status", "What happened"), rows);
    }

    static Table deployments(List<ReportDeployment> list) {
        List<List<String>> rows = list.stream().map(d -> List.of(d.at().toString(), d.server(), d.version(),
                d.previousVersion().isEmpty() ? "-" : d.previousVersion(), d.environment(),
                d.verdict() + (d.doNotPromote() ? " (do not promote)" : ""))).toList();
        return new Table(List.of("Deployed", "Server", "Version", "Previous", "Environment", "Verdict"), rows);
    }

    static Table alerts(List<Alert> list) {
        List<List<String>> rows = list.stream().map(a -> List.of(a.id(), a.severity().wireName(), a.status().wireName(),
                a.server(), a.tool(), a.metric().wireName() + (a.statistic().isEmpty() ? "" : " " + a.statistic()),
                Figures.plain(a.currentValue()) + " " + a.metric().unit(), Figures.plain(a.threshold()) + " " + a.metric().unit(),
                time(a.startsMillis()), time(a.resolvedMillis()))).toList();
        return new Table(List.of("Alert", "Severity", "Status", "Server", "Tool", "Metric", "Value", "Threshold", "Since",
                "Resolved"), rows);
    }

    /** Overall, then each server: against the previous period and week over week. */
    static Table trends(Report r) {
        List<List<String>> rows = new ArrayList<>();
        trendRows(rows, r.request().server() == null ? "all servers" : "server " + r.request().server(), r.overall());
        if (r.request().server() == null) {
            r.servers().forEach(s -> trendRows(rows, s.server(), s.totals()));
        }
        return new Table(List.of("Scope", "Compared with", "Calls then", "Calls", "p95 then", "p95", "Error rate then",
                "Error rate", "Direction"), rows);
    }

    private static void trendRows(List<List<String>> rows, String scope, Comparison c) {
        trendRow(rows, scope, "previous period", c.summary(), c.previousPeriod());
        trendRow(rows, scope, "a week earlier", c.summary(), c.weekOverWeek());
    }

    private static void trendRow(List<List<String>> rows, String scope, String label, Summary now, Trend t) {
        Summary then = t.previous();
        // A period without calls has no latency or error rate: "no data", and no change beside the other one.
        rows.add(List.of(scope, label + " (" + t.previousStart() + " to " + t.previousEnd() + ")",
                Figures.count(then.totalCalls()), Figures.count(now.totalCalls()) + changeOf(Figures.change(t.callsChange())),
                Figures.ms(then.p95ResponseTime()),
                Figures.ms(now.p95ResponseTime()) + changeOf(Figures.change(t.p95ResponseTimeChange())),
                Figures.percent(then.errorRate()),
                Figures.percent(now.errorRate()) + changeOf(Figures.points(t.errorRateChange())),
                t.direction() + (t.note().isEmpty() ? "" : " (" + t.note() + ")")));
    }

    private static String changeOf(String change) {
        return "n/a".equals(change) ? "" : " (" + change + ")";
    }

    private static String outcomes(Map<String, Long> byOutcome) {
        return new TreeMap<>(byOutcome).entrySet().stream().map(e -> e.getKey() + " " + Figures.count(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String time(long millis) {
        return millis <= 0 ? "" : Instant.ofEpochMilli(millis).toString();
    }
}
