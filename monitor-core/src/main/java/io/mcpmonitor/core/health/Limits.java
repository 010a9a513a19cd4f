package io.mcpmonitor.core.health;

import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.alert.Severity;
import io.mcpmonitor.core.alert.Statistic;
import java.util.Collection;
import java.util.Optional;

/**
 * The warning and critical thresholds the health score measures one metric of one series against,
 * taken from the alert rules in force for it, so the dashboard and the alerts agree on what is too
 * slow or failing too often. {@code statistic} is what a response-time value is read as (the
 * rule's, p95 by default); {@code minCalls} is the fewest calls in the window worth judging.
 *
 * <p>Immutable. {@link #NONE} (NaN thresholds) means the metric is not watched for that series.
 */
public record Limits(double warning, double critical, Statistic statistic, int minCalls) {

    /** No rule watches the metric: it never costs health. */
    public static final Limits NONE = new Limits(Double.NaN, Double.NaN, Statistic.P95, 0);

    public boolean watched() {
        return !Double.isNaN(warning);
    }

    /**
     * The limits of {@code metric} for series {@code server}/{@code tool} under {@code rules}. With only
     * a warning rule in force, critical is twice its threshold; with only a critical rule, warning is
     * half of it; a warning threshold above the critical one is lowered to it.
     */
    public static Limits of(Collection<AlertRule> rules, AlertMetric metric, String server, String tool) {
        Optional<AlertRule> w = AlertRule.effective(rules, metric, Severity.WARNING, server, tool);
        Optional<AlertRule> c = AlertRule.effective(rules, metric, Severity.CRITICAL, server, tool);
        if (w.isEmpty() && c.isEmpty()) {
            return NONE;
        }
        double critical = c.map(AlertRule::threshold).orElseGet(() -> 2 * w.get().threshold());
        double warning = Math.min(critical, w.map(AlertRule::threshold).orElse(critical / 2));
        Statistic statistic = w.or(() -> c).get().statistic();
        int minCalls = Math.min(w.map(AlertRule::minCalls).orElse(Integer.MAX_VALUE),
                c.map(AlertRule::minCalls).orElse(Integer.MAX_VALUE));
        return new Limits(warning, critical, statistic, minCalls);
    }
}
