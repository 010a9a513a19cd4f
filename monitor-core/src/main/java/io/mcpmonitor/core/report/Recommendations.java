package io.mcpmonitor.core.report;

import io.mcpmonitor.core.detect.Anomaly;
import io.mcpmonitor.core.detect.Severity;
import io.mcpmonitor.core.query.Trend;
import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.store.ErrorCount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to do, drawn from a report, most important first: fix the most failing tools (by their top
 * error), speed up the bottlenecks whose p95 is over the default warning threshold, look at what
 * degraded against the previous period or a week ago, follow the recommendations of warning and
 * critical anomalies, and deal with alerts still open. Names in the sentences are raw; renderers
 * escape them. Stateless.
 */
final class Recommendations {

    /** A p95 above this (ms) makes a bottleneck worth a recommendation: the default warning rule. */
    static final double SLOW_P95_MS = 500;
    /** An error rate above this (%) makes a failing tool worth a recommendation: the default warning rule. */
    static final double FAILING_RATE = 1;
    private static final int PER_KIND = 3;
    private static final int FROM_ANOMALIES = 5;

    private Recommendations() {
    }

    static List<String> of(Report r) {
        List<String> out = new ArrayList<>();
        r.failingTools().stream().filter(f -> f.errorRate() >= FAILING_RATE).limit(PER_KIND).forEach(f -> out.add(failing(f)));
        r.bottlenecks().stream().filter(b -> b.p95ResponseTime() >= SLOW_P95_MS).limit(PER_KIND).forEach(b -> out.add(String.format(
                "Speed up %s: its p95 is %s over %s calls, %s of the time spent in slow calls. Look at what it waits on "
                        + "(downstream calls, locks, large payloads) and cache or paginate repeated work.",
                Figures.series(b.server(), b.tool()), Figures.ms(b.p95ResponseTime()), Figures.count(b.calls()),
                Figures.percent(b.sharePercent()))));
        degraded(out, "everything", r.overall(), r.overall().previousPeriod(), "the previous period");
        degraded(out, "everything", r.overall(), r.overall().weekOverWeek(), "a week ago");
        if (r.request().server() == null) {
            for (ServerReport s : r.servers()) {
                degraded(out, "server " + s.server(), s.totals(), s.totals().weekOverWeek(), "a week ago");
            }
        }
        Set<String> fromAnomalies = new LinkedHashSet<>();
        for (Anomaly a : r.anomalies()) {
            if (a.severity().compareTo(Severity.WARNING) >= 0) {
                a.recommendations().forEach(x -> fromAnomalies.add(Figures.series(a.mcpServer(), a.toolName()) + ": " + x));
            }
        }
        fromAnomalies.stream().limit(FROM_ANOMALIES).forEach(out::add);
        long open = r.alerts().stream().filter(a -> a.status().isOpen()).count();
        if (open > 0) {
            long unacknowledged = r.alerts().stream().filter(a -> a.status().isOpen() && a.acknowledgedBy() == null).count();
            out.add(String.format("%d alerts are still open, %d not acknowledged: fix their cause or acknowledge them "
                    + "(get_active_alerts, acknowledge_alert) so that reminders and escalation stop.", open, unacknowledged));
        }
        if (out.isEmpty()) {
            out.add("Nothing needs attention in this period: no tool failed 1 % of its calls or more, no p95 reached "
                    + "500 ms, nothing degraded and no alert is open.");
        }
        return out;
    }

    private static String failing(FailingTool f) {
        StringBuilder sb = new StringBuilder(String.format("Fix %s: %s of its %s calls failed (%s)",
                Figures.series(f.server(), f.tool()), Figures.count(f.errors()), Figures.count(f.calls()),
                Figures.percent(f.errorRate())));
        if (!f.topErrors().isEmpty()) {
            ErrorCount e = f.topErrors().get(0);
            sb.append(", ").append(ExecutiveSummary.mainError(f));
            sb.append(switch (e.outcome()) {
                case EXCEPTION -> ". The handler throws" + (e.errorType().isEmpty() ? "" : " " + e.errorType())
                        + ": catch it and return a tool error the caller can act on, or fix its cause.";
                case INVALID_ARGUMENTS, UNKNOWN_TOOL -> ". Callers send calls the server refuses: check the tool's "
                        + "name and input schema against what the clients send.";
                case TIMEOUT, CANCELLED -> ". Calls do not finish in time: look at what the tool waits on.";
                default -> ". Start with that message.";
            });
        } else {
            sb.append('.');
        }
        return sb.toString();
    }

    private static void degraded(List<String> out, String scope, Comparison c, Trend t, String when) {
        if (!"degrading".equals(t.direction())) {
            return;
        }
        Summary before = t.previous();
        ErrorCount grown = mostGrown(c.summary(), before);
        out.add(String.format("Look at what changed for %s since %s: p95 from %s to %s (%s), error rate from %s to %s (%s)%s. "
                        + "Compare deployments and traffic between the two periods.", scope, when,
                Figures.ms(before.p95ResponseTime()), Figures.ms(c.summary().p95ResponseTime()),
                Figures.change(t.p95ResponseTimeChange()), Figures.percent(before.errorRate()),
                Figures.percent(c.summary().errorRate()), Figures.points(t.errorRateChange()),
                grown == null ? "" : "; the error that grew most is " + ExecutiveSummary.describe(grown) + ", "
                        + (countOf(before, grown) == 0 ? "not among the top errors then"
                        : Figures.count(countOf(before, grown)) + " then")));
    }

    /** The error of this period whose count rose most against {@code before}, or null when none rose. */
    static ErrorCount mostGrown(Summary now, Summary before) {
        ErrorCount best = null;
        long bestRise = 0;
        for (ErrorCount e : now.topErrors()) {
            long rise = e.count() - countOf(before, e);
            if (rise > bestRise) {
                best = e;
                bestRise = rise;
            }
        }
        return best;
    }

    private static long countOf(Summary s, ErrorCount e) {
        return s.topErrors().stream().filter(x -> x.key().equals(e.key())).mapToLong(ErrorCount::count).sum();
    }
}
