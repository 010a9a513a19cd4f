package io.mcpmonitor.core.report;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.detect.Anomaly;
import io.mcpmonitor.core.detect.Severity;
import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.query.Trend;
import io.mcpmonitor.core.store.ErrorCount;
import java.util.ArrayList;
import java.util.List;

/**
 * The executive summary of a report: a few sentences a person reads first — volume and latency,
 * the two trends, the top bottleneck, the most failing tool, anomalies and alerts. Names in the
 * sentences are raw; renderers escape them. Stateless.
 */
final class ExecutiveSummary {

    private ExecutiveSummary() {
    }

    static List<String> highlights(Report r) {
        List<String> out = new ArrayList<>();
        Summary s = r.overall().summary();
        ReportRequest q = r.request();
        String scope = q.server() == null ? "" : " of server " + q.server();
        if (s.totalCalls() == 0) {
            out.add("No calls" + scope + " were recorded from " + q.rangeText() + ".");
        } else {
            out.add(String.format("%s calls to %d tools%s from %s to %s: avg %s, p50 %s, p95 %s, p99 %s, max %s; "
                            + "error rate %s.", Figures.count(s.totalCalls()), r.tools().size(),
                    q.server() == null ? " of " + r.servers().size() + " servers" : scope, q.effectiveStart(), q.effectiveEnd(),
                    Figures.ms(s.avgResponseTime()), Figures.ms(s.p50ResponseTime()), Figures.ms(s.p95ResponseTime()),
                    Figures.ms(s.p99ResponseTime()), Figures.ms(s.maxResponseTime()), Figures.percent(s.errorRate())));
        }
        out.add(trend("Against the previous period", r.overall().previousPeriod()));
        out.add(trend("Week over week", r.overall().weekOverWeek()));
        if (!r.bottlenecks().isEmpty()) {
            Bottleneck b = r.bottlenecks().get(0);
            out.add(String.format("Top bottleneck: %s, p95 %s over %s calls (%s of the time spent in slow calls).",
                    Figures.series(b.server(), b.tool()), Figures.ms(b.p95ResponseTime()), Figures.count(b.calls()),
                    Figures.percent(b.sharePercent())));
        }
        if (!r.failingTools().isEmpty()) {
            FailingTool f = r.failingTools().get(0);
            String cause = f.topErrors().isEmpty() ? "" : ", " + mainError(f);
            out.add(String.format("Most failing tool: %s, %s of %s calls failed (%s)%s.", Figures.series(f.server(), f.tool()),
                    Figures.count(f.errors()), Figures.count(f.calls()), Figures.percent(f.errorRate()), cause));
        }
        out.add(anomalies(r.anomalies()));
        out.add(alerts(r.alerts()));
        return out;
    }

    /**
     * The most frequent error of a failing tool in the report's range, and how much of its failures it
     * is: "mostly" only when it is more than half of them.
     */
    static String mainError(FailingTool f) {
        ErrorCount e = f.topErrors().get(0);
        return e.count() * 2 > f.errors() ? "mostly " + describe(e)
                : "most often " + label(e) + " (" + Figures.count(e.count()) + " of " + Figures.count(f.errors()) + " failures)";
    }

    /** An error as people read it: {@code tool_error "city not found" (12)}. */
    static String describe(ErrorCount e) {
        return label(e) + " (" + Figures.count(e.count()) + ")";
    }

    private static String label(ErrorCount e) {
        String what = e.message().isEmpty() ? e.errorType() : e.message();
        return e.outcome().wireName() + (what.isEmpty() ? "" : " \"" + what + "\"");
    }

    static String trend(String label, Trend t) {
        String period = " (" + t.previousStart() + " to " + t.previousEnd() + ")";
        if (!t.comparable()) {
            return label + period + ": nothing to compare (" + t.note() + ")"
                    + (Double.isNaN(t.callsChange()) ? "." : "; calls " + Figures.change(t.callsChange()) + ".");
        }
        return String.format("%s%s: %s; calls %s, p95 %s, error rate %s%s.", label, period, t.direction(),
                Figures.change(t.callsChange()), Figures.change(t.p95ResponseTimeChange()), Figures.points(t.errorRateChange()),
                t.note().isEmpty() ? "" : " (" + t.note() + ")");
    }

    private static String anomalies(List<Anomaly> anomalies) {
        if (anomalies.isEmpty()) {
            return "No anomalies were detected.";
        }
        long ongoing = anomalies.stream().filter(a -> Anomaly.ONGOING.equals(a.status())).count();
        return String.format("Anomalies: %d (%d critical, %d warning, %d info), %d still going on.", anomalies.size(),
                count(anomalies, Severity.CRITICAL), count(anomalies, Severity.WARNING), count(anomalies, Severity.INFO),
                ongoing);
    }

    private static long count(List<Anomaly> anomalies, Severity s) {
        return anomalies.stream().filter(a -> a.severity() == s).count();
    }

    private static String alerts(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return "No alerts fired.";
        }
        long critical = alerts.stream().filter(a -> a.severity() == io.mcpmonitor.core.alert.Severity.CRITICAL).count();
        long open = alerts.stream().filter(a -> a.status().isOpen()).count();
        return String.format("Alerts: %d (%d critical), %d still open.", alerts.size(), critical, open);
    }
}
