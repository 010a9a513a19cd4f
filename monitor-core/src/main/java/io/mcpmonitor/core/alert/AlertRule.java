package io.mcpmonitor.core.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A threshold: fire when {@code metric} (with {@code statistic} for response times) over the last
 * {@code window} exceeds {@code threshold} for at least {@code pendingFor}, evaluated per series in
 * scope. {@code server}/{@code tool} null mean all. A window with fewer than {@code minCalls} calls
 * is not judged, so a tool called twice does not fire on one slow call.
 *
 * <p>Where rules of several scopes cover one series and metric, the most specific scope that has any
 * rule for the metric decides it at every severity: server and tool, then tool, then server, then
 * all. A tool's own 10 % warning rule so replaces the built-in error-rate rules of that tool at both
 * severities (it has no critical rule unless one is set for it too), and a disabled rule switches
 * the broader ones off for its scope.
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
     * {@code metric} and {@code severity} among {@code rules}: the one of that severity in the most
     * specific scope that has any rule for the metric, or empty when there is none or it is disabled.
     */
    public static Optional<AlertRule> effective(Collection<AlertRule> rules, AlertMetric metric, Severity severity,
                                                String server, String tool) {
        int scope = scopeInForce(rules, metric, server, tool);
        for (AlertRule r : rules) {
            if (r.metric() == metric && r.severity() == severity && r.specificity() == scope && r.covers(server, tool)) {
                return r.enabled() ? Optional.of(r) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The enabled rules in force for {@code server}/{@code tool} and {@code metric}, one per severity at
     * most, most severe first: those of the most specific scope that has any rule for the metric.
     */
    public static List<AlertRule> inForce(Collection<AlertRule> rules, AlertMetric metric, String server, String tool) {
        int scope = scopeInForce(rules, metric, server, tool);
        List<AlertRule> out = new ArrayList<>(2);
        for (Severity severity : SEVERE_FIRST) {
            for (AlertRule r : rules) {
                if (r.metric() == metric && r.severity() == severity && r.specificity() == scope && r.covers(server, tool)) {
                    if (r.enabled()) {
                        out.add(r);
                    }
                    break;
                }
            }
        }
        return out;
    }

    private static final Severity[] SEVERE_FIRST = {Severity.CRITICAL, Severity.WARNING};

    private static int scopeInForce(Collection<AlertRule> rules, AlertMetric metric, String server, String tool) {
        int best = -1;
        for (AlertRule r : rules) {
            if (r.metric() == metric && r.covers(server, tool)) {
                best = Math.max(best, r.specificity());
            }
        }
        return best;
    }

    /** 3 for server and tool, 2 for tool only, 1 for server only, 0 for all. */
    int specificity() {
        return (server != null ? 1 : 0) + (tool != null ? 2 : 0);
    }

    boolean covers(String s, String t) {
        return (server == null || server.equals(s)) && (tool == null || tool.equals(t));
    }

    AlertRule withEnabled(boolean on) {
        return new AlertRule(id, server, tool, metric, statistic, threshold, severity, window, pendingFor, on, minCalls, builtIn);
    }
}
