package io.mcpmonitor.core.alert;

/**
 * One alert: a (server, tool, metric, severity) whose rule fired. While it lasts, repeats update it
 * ({@code count}, {@code currentValue}) rather than making new alerts. Times are epoch millis;
 * 0 means "not yet". {@code tool} is empty for per-server metrics. Immutable.
 */
public record Alert(String id, String ruleId, String server, String tool, AlertMetric metric, String statistic,
                    Severity severity, AlertStatus status, double currentValue, double threshold, long startsMillis,
                    long lastFiringMillis, long count, long lastNotifiedMillis, String acknowledgedBy, String notes,
                    long acknowledgedMillis, long escalatedMillis, long resolvedMillis, String resolution) {

    /** The identity folded on: one open alert per key. */
    String key() {
        return key(server, tool, metric, severity);
    }

    static String key(String server, String tool, AlertMetric metric, Severity severity) {
        return server + '\u0000' + tool + '\u0000' + metric.wireName() + '\u0000' + severity.wireName();
    }

    Alert with(AlertStatus s) {
        return new Alert(id, ruleId, server, tool, metric, statistic, severity, s, currentValue, threshold, startsMillis,
                lastFiringMillis, count, lastNotifiedMillis, acknowledgedBy, notes, acknowledgedMillis, escalatedMillis,
                resolvedMillis, resolution);
    }

    Alert firing(double value, double thresholdNow, long now, boolean reopened) {
        return new Alert(id, ruleId, server, tool, metric, statistic, severity,
                reopened ? AlertStatus.ACTIVE : status, value, thresholdNow, reopened ? now : startsMillis, now,
                count + (reopened ? 1 : 0), lastNotifiedMillis, reopened ? null : acknowledgedBy, reopened ? null : notes,
                reopened ? 0 : acknowledgedMillis, reopened ? 0 : escalatedMillis, 0, null);
    }

    Alert notified(long now) {
        return new Alert(id, ruleId, server, tool, metric, statistic, severity, status, currentValue, threshold, startsMillis,
                lastFiringMillis, count, now, acknowledgedBy, notes, acknowledgedMillis, escalatedMillis, resolvedMillis,
                resolution);
    }

    Alert acknowledged(String by, String text, long now) {
        return new Alert(id, ruleId, server, tool, metric, statistic, severity, AlertStatus.ACKNOWLEDGED, currentValue,
                threshold, startsMillis, lastFiringMillis, count, lastNotifiedMillis, by, text, now, escalatedMillis,
                resolvedMillis, resolution);
    }

    Alert escalated(long now) {
        return new Alert(id, ruleId, server, tool, metric, statistic, severity, AlertStatus.ESCALATED, currentValue,
                threshold, startsMillis, lastFiringMillis, count, lastNotifiedMillis, acknowledgedBy, notes,
                acknowledgedMillis, now, resolvedMillis, resolution);
    }

    Alert resolved(long now, String why) {
        return new Alert(id, ruleId, server, tool, metric, statistic, severity, AlertStatus.RESOLVED, currentValue,
                threshold, startsMillis, lastFiringMillis, count, lastNotifiedMillis, acknowledgedBy, notes,
                acknowledgedMillis, escalatedMillis, now, why);
    }
}
