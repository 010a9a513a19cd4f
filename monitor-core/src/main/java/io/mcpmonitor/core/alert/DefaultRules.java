package io.mcpmonitor.core.alert;

import java.time.Duration;
import java.util.List;

/**
 * The rules active out of the box (docs/ALERTS.md), for every server and tool: response time p95 500 /
 * 1000 ms, error rate 1 / 5 %, CPU 70 / 90 %, memory 75 / 90 % of the heap (warning / critical), each
 * over 5 minutes and held for 1 minute; and no data: a server that reported in the last 24 hours
 * and has been silent for 10 minutes (warning). Change them with set_alert_threshold (same scope,
 * metric and severity) or switch them off with enabled=false.
 */
public final class DefaultRules {

    private DefaultRules() {
    }

    public static List<AlertRule> all() {
        return List.of(
                rule(AlertMetric.RESPONSE_TIME, 500, Severity.WARNING),
                rule(AlertMetric.RESPONSE_TIME, 1000, Severity.CRITICAL),
                rule(AlertMetric.ERROR_RATE, 1, Severity.WARNING),
                rule(AlertMetric.ERROR_RATE, 5, Severity.CRITICAL),
                rule(AlertMetric.CPU, 70, Severity.WARNING),
                rule(AlertMetric.CPU, 90, Severity.CRITICAL),
                rule(AlertMetric.MEMORY, 75, Severity.WARNING),
                rule(AlertMetric.MEMORY, 90, Severity.CRITICAL),
                new AlertRule(AlertRule.idFor(null, null, AlertMetric.NO_DATA, Severity.WARNING), null, null,
                        AlertMetric.NO_DATA, null, 10, Severity.WARNING, Duration.ofMinutes(5), Duration.ZERO, true, 0, true));
    }

    private static AlertRule rule(AlertMetric metric, double threshold, Severity severity) {
        return new AlertRule(AlertRule.idFor(null, null, metric, severity), null, null, metric, Statistic.P95, threshold,
                severity, AlertRule.DEFAULT_WINDOW, AlertRule.DEFAULT_PENDING, true, AlertRule.DEFAULT_MIN_CALLS, true);
    }
}
