package io.mcpmonitor.core.health;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.store.DenseCounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The score of one server while its series are folded: the worst latency and error-rate penalty of
 * any of its tools (each against its own limits, as alerts judge each tool), plus its open alerts
 * and no-data. Not thread-safe; one per server per dashboard.
 */
final class ServerAssessment {

    /** A penalty and what caused it, written out only if it is kept (formatting costs more than judging). */
    private record Reason(double penalty, java.util.function.Supplier<String> text) {
        static final Reason NONE = new Reason(0, () -> "");
    }

    private final String server;
    private final List<AlertRule> rules;
    long calls;
    long errors;
    private long lastSeenMillis = Long.MIN_VALUE;
    private Reason latency = Reason.NONE;
    private Reason errorRate = Reason.NONE;

    ServerAssessment(String server, List<AlertRule> rules) {
        this.server = server;
        this.rules = rules;
    }

    void seen(long seriesLastSeenMillis) {
        lastSeenMillis = Math.max(lastSeenMillis, seriesLastSeenMillis);
    }

    /** One tool's window: {@code calls} calls, {@code failed} of them not successful, durations in {@code histogram}. */
    void judge(String tool, long toolCalls, long failed, DenseCounts histogram) {
        calls += toolCalls;
        errors += failed;
        Limits lat = Limits.of(rules, AlertMetric.RESPONSE_TIME, server, tool);
        if (lat.watched() && toolCalls >= lat.minCalls()) {
            double v = ms(statistic(histogram, lat));
            double p = HealthScore.metricPenalty(v, lat);
            if (p > latency.penalty()) {
                latency = new Reason(p, () -> String.format(Locale.ROOT, "%s: %s %s ms %s", tool, lat.statistic().wireName(),
                        number(v), against(v, lat, " ms")));
            }
        }
        Limits err = Limits.of(rules, AlertMetric.ERROR_RATE, server, tool);
        if (err.watched() && toolCalls >= err.minCalls()) {
            double v = percent(failed, toolCalls);
            double p = HealthScore.metricPenalty(v, err);
            if (p > errorRate.penalty()) {
                errorRate = new Reason(p, () -> String.format(Locale.ROOT, "%s: error rate %s %% %s", tool, number(v),
                        against(v, err, " %")));
            }
        }
    }

    ServerHealth result(DenseCounts merged, List<Alert> open, long now) {
        List<Reason> reasons = new ArrayList<>(List.of(latency, errorRate));
        int[] a = HealthDashboard.alertCounts(open);
        double alertPenalty = HealthScore.alertPenalty(a[0], a[1], a[2], a[3]);
        if (alertPenalty > 0) {
            String text = open.size() + " open alert" + (open.size() == 1 ? "" : "s") + " (" + (a[0] + a[2]) + " critical, "
                    + (a[2] + a[3]) + " acknowledged)";
            reasons.add(new Reason(alertPenalty, () -> text));
        }
        double noData = HealthDashboard.noDataMinutes(rules, server);
        if (lastSeenMillis != Long.MIN_VALUE && (now - lastSeenMillis) / 60_000.0 >= noData) {
            String text = "no calls for " + (now - lastSeenMillis) / 60_000 + " min";
            reasons.add(new Reason(HealthScore.NO_DATA, () -> text));
        }
        reasons.removeIf(r -> r.penalty() <= 0);
        reasons.sort(Comparator.comparingDouble(Reason::penalty).reversed());
        int score = HealthScore.score(reasons.stream().mapToDouble(Reason::penalty).sum());
        return new ServerHealth(server, score, HealthStatus.ofScore(score), calls, calls == 0 ? Double.NaN : ms(merged.mean()),
                calls == 0 ? Double.NaN : ms(merged.valueAtPercentile(95)), percent(errors, calls), open.size(), lastSeenMillis,
                reasons.stream().map(r -> r.text().get()).toList());
    }

    private static double statistic(DenseCounts h, Limits l) {
        return switch (l.statistic()) {
            case P50 -> h.valueAtPercentile(50);
            case P95 -> h.valueAtPercentile(95);
            case P99 -> h.valueAtPercentile(99);
            case AVG -> h.mean();
            case MAX -> h.max();
        };
    }

    private static String against(double v, Limits l, String unit) {
        if (v > l.critical()) {
            return "over the critical threshold " + number(l.critical()) + unit;
        }
        if (v > l.warning()) {
            return "over the warning threshold " + number(l.warning()) + unit;
        }
        return "near the warning threshold " + number(l.warning()) + unit;
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    /** Nanoseconds to milliseconds, kept to the nanosecond. */
    static double ms(double nanos) {
        return Math.round(nanos) / 1_000_000.0;
    }

    /** {@code part} in percent of {@code whole}, to 3 decimals; NaN (no data) when {@code whole} is 0. */
    static double percent(long part, long whole) {
        return whole == 0 ? Double.NaN : Math.round(100_000.0 * part / whole) / 1000.0;
    }
}
