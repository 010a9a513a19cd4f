package io.mcpmonitor.core.alert;

/**
 * One alert: one problem of one (server, tool, metric), at its current severity. While it lasts,
 * repeats update it ({@code currentValue}, {@code peakValue}, {@code lastFiringMillis}) and a change
 * of level raises or lowers its {@code severity} in place, rather than making new alerts.
 * {@code ruleId} is the rule (or outside source) of its current severity and {@code threshold} that
 * rule's threshold. Times are epoch millis; 0 means "not yet". {@code tool} is empty for per-server
 * metrics. {@code currentValue} is NaN when there was nothing to judge (no calls, no samples).
 *
 * <p>After resolution {@code currentValue} is the value at resolution, not the firing one;
 * {@code peakValue} the highest value seen while it was open; {@code severitySinceMillis} when it took
 * its current severity (what escalation of a critical alert counts from). Immutable.
 */
public record Alert(String id, String ruleId, String server, String tool, AlertMetric metric, String statistic,
                    Severity severity, AlertStatus status, double currentValue, double threshold, long startsMillis,
                    long lastFiringMillis, long count, long lastNotifiedMillis, String acknowledgedBy, String notes,
                    long acknowledgedMillis, long escalatedMillis, long resolvedMillis, String resolution,
                    double peakValue, long severitySinceMillis) {

    /** An alert as state files before per-problem severities held it: peak and severity time from what it has. */
    public Alert(String id, String ruleId, String server, String tool, AlertMetric metric, String statistic,
                 Severity severity, AlertStatus status, double currentValue, double threshold, long startsMillis,
                 long lastFiringMillis, long count, long lastNotifiedMillis, String acknowledgedBy, String notes,
                 long acknowledgedMillis, long escalatedMillis, long resolvedMillis, String resolution) {
        this(id, ruleId, server, tool, metric, statistic, severity, status, currentValue, threshold, startsMillis,
                lastFiringMillis, count, lastNotifiedMillis, acknowledgedBy, notes, acknowledgedMillis, escalatedMillis,
                resolvedMillis, resolution, currentValue, startsMillis);
    }

    public Alert {
        // State written before these fields existed reads them as 0.
        severitySinceMillis = severitySinceMillis > 0 ? severitySinceMillis : startsMillis;
        if (peakValue == 0 && !Double.isNaN(currentValue) && currentValue > 0) {
            peakValue = currentValue;
        }
    }

    /** The identity folded on: one open alert per key, whatever its severity. */
    String key() {
        return key(server, tool, metric);
    }

    static String key(String server, String tool, AlertMetric metric) {
        return server + '\u0000' + tool + '\u0000' + metric.wireName();
    }

    /** A new alert, firing now at {@code c}'s severity. */
    static Alert fire(String id, String server, String tool, AlertMetric metric, Reading c, long now) {
        return new Alert(id, c.source(), server, tool, metric, c.statistic(), c.severity(), AlertStatus.ACTIVE, c.value(),
                c.threshold(), now, now, 1, 0, null, null, 0, 0, 0, null, c.value(), now);
    }

    /** Still firing at the same severity: the value now. */
    Alert firing(Reading c, long now) {
        return new Alert(id, c.source(), server, tool, metric, c.statistic(), severity, status, c.value(), c.threshold(),
                startsMillis, now, count, lastNotifiedMillis, acknowledgedBy, notes, acknowledgedMillis, escalatedMillis, 0,
                null, peak(c.value()), severitySinceMillis);
    }

    /** A resolved alert firing again within the fold window: the same alert, open again, counted once more. */
    Alert reopened(Reading c, long now) {
        return new Alert(id, c.source(), server, tool, metric, c.statistic(), c.severity(), AlertStatus.ACTIVE, c.value(),
                c.threshold(), now, now, count + 1, lastNotifiedMillis, null, null, 0, 0, 0, null, c.value(), now);
    }

    /**
     * The level changed to {@code c}'s severity. Raised to critical, it is active again (an acknowledgement
     * of the warning does not cover the critical problem); lowered, it keeps its acknowledgement and is no
     * longer escalated.
     */
    Alert changedSeverity(Reading c, long now) {
        boolean raised = c.severity().compareTo(severity) > 0;
        AlertStatus s = raised ? AlertStatus.ACTIVE : status == AlertStatus.ESCALATED ? AlertStatus.ACTIVE : status;
        return new Alert(id, c.source(), server, tool, metric, c.statistic(), c.severity(), s, c.value(), c.threshold(),
                startsMillis, now, count, lastNotifiedMillis, raised ? null : acknowledgedBy, raised ? null : notes,
                raised ? 0 : acknowledgedMillis, raised || s != status ? 0 : escalatedMillis, 0, null, peak(c.value()), now);
    }

    Alert notified(long now) {
        return new Alert(id, ruleId, server, tool, metric, statistic, severity, status, currentValue, threshold, startsMillis,
                lastFiringMillis, count, now, acknowledgedBy, notes, acknowledgedMillis, escalatedMillis, resolvedMillis,
                resolution, peakValue, severitySinceMillis);
    }

    Alert acknowledged(String by, String text, long now) {
        return new Alert(id, ruleId, server, tool, metric, statistic, severity, AlertStatus.ACKNOWLEDGED, currentValue,
                threshold, startsMillis, lastFiringMillis, count, lastNotifiedMillis, by, text, now, escalatedMillis,
                resolvedMillis, resolution, peakValue, severitySinceMillis);
    }

    Alert escalated(long now) {
        return new Alert(id, ruleId, server, tool, metric, statistic, severity, AlertStatus.ESCALATED, currentValue,
                threshold, startsMillis, lastFiringMillis, count, lastNotifiedMillis, acknowledgedBy, notes,
                acknowledgedMillis, now, resolvedMillis, resolution, peakValue, severitySinceMillis);
    }

    /** Resolved at {@code now}; {@code valueNow} is the value at resolution (NaN when there was nothing to judge). */
    Alert resolved(long now, String why, double valueNow) {
        return new Alert(id, ruleId, server, tool, metric, statistic, severity, AlertStatus.RESOLVED, valueNow,
                threshold, startsMillis, lastFiringMillis, count, lastNotifiedMillis, acknowledgedBy, notes,
                acknowledgedMillis, escalatedMillis, now, why, peakValue, severitySinceMillis);
    }

    private double peak(double v) {
        return Double.isNaN(v) || v <= peakValue ? peakValue : v;
    }
}
