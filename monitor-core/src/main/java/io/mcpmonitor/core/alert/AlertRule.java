package io.mcpmonitor.core.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * A threshold: fire when {@code metric} (with {@code statistic} for response times) over the last
 * {@code window} exceeds {@code threshold} for at least {@code pendingFor}, evaluated per series in
 * scope. {@code server}/{@code tool} null mean all. A window with fewer than {@code minCalls} calls
 * is not judged, so a tool called twice does not fire on one slow call.
 *
 * <p>Where several rules cover one series, metric and severity, the most specific wins (server and
 * tool, then server, then all); a disabled specific rule so switches a broader one off for its scope.
 */
public record AlertRule(String id, String server, String tool, AlertMetric metric, Statistic statistic, double threshold,
                        Severity severity, Duration window, Duration pendingFor, boolean enabled, int minCalls,
                        boolean builtIn) {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** How long a condition must hold before firing, unless the rule says otherwise. */
    public static final Duration DEFAULT_PENDING = Duration.ofMinutes(1);
    public static final int DEFAULT_MIN_CALLS = 5;

    public AlertRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(severity, "severity");
        statistic = statistic == null ? Statistic.P95 : statistic;
        window = window == null ? DEFAULT_WINDOW : window;
        pendingFor = pendingFor == null ? DEFAULT_PENDING : pendingFor;
        if (Double.isNaN(threshold) || threshold < 0) {
            throw new IllegalArgumentException("threshold: must be >= 0, was " + threshold);
        }
        if ((metric == AlertMetric.ERROR_RATE || metric == AlertMetric.CPU || metric == AlertMetric.MEMORY) && threshold > 100) {
            throw new IllegalArgumentException("threshold: " + metric.wireName() + " is a percentage, 0..100, was " + threshold);
        }
        if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("windowMinutes: must be between 1 and 1440, was " + window.toMinutes());
        }
        if (pendingFor.isNegative() || pendingFor.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("pendingSeconds: must be between 0 and 86400, was " + pendingFor.toSeconds());
        }
        if (minCalls < 0) {
            throw new IllegalArgumentException("minCalls: must be >= 0, was " + minCalls);
        }
        if (metric.perServer() && tool != null) {
            throw new IllegalArgumentException("toolName: " + metric.wireName() + " is watched per server, not per tool");
        }
    }

    /** The id a rule of this scope, metric and severity gets, so setting it again updates it. */
    public static String idFor(String server, String tool, AlertMetric metric, Severity severity) {
        if (server == null && tool == null) {
            return "default-" + metric.wireName() + "-" + severity.wireName();
        }
        String scope = (server == null ? "*" : server) + "\u0000" + (tool == null ? "*" : tool);
        return "rule-" + metric.wireName() + "-" + severity.wireName() + "-"
                + Integer.toHexString(scope.hashCode() & 0x7fffffff);
    }

    /**
     * The rule that applies to {@code server}/{@code tool} (tool null for per-server metrics) for
     * {@code metric} and {@code severity} among {@code rules}: the most specific covering one, or empty
     * when none covers it or the most specific is disabled.
     */
    public static java.util.Optional<AlertRule> effective(java.util.Collection<AlertRule> rules, AlertMetric metric,
                                                          Severity severity, String server, String tool) {
        AlertRule best = null;
        for (AlertRule r : rules) {
            if (r.metric() == metric && r.severity() == severity && r.covers(server, tool)
                    && (best == null || r.specificity() > best.specificity())) {
                best = r;
            }
        }
        return best != null && best.enabled() ? java.util.Optional.of(best) : java.util.Optional.empty();
    }

    /** 2 for server and tool, 1 for server only (or tool only), 0 for all. */
    int specificity() {
        return (server != null ? 1 : 0) + (tool != null ? 1 : 0);
    }

    boolean covers(String s, String t) {
        return (server == null || server.equals(s)) && (tool == null || tool.equals(t));
    }

    AlertRule withEnabled(boolean on) {
        return new AlertRule(id, server, tool, metric, statistic, threshold, severity, window, pendingFor, on, minCalls, builtIn);
    }
}
