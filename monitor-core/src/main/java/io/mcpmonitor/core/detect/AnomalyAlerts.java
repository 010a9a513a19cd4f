package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.Condition;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Puts critical anomalies into the alert engine, so a regression nobody set a threshold for still
 * opens an alert: the same lifecycle, fatigue rules, silences, acknowledgement and channels as a
 * threshold rule's.
 *
 * <p>Each critical anomaly that is going on (not resolved, not provisional) is raised as a
 * {@link Condition} of source {@code anomaly-<anomalyType>} on the alert metric of what moved:
 * response time (with the percentile as statistic), error rate, or the process's CPU or heap. A
 * traffic anomaly has no alert metric and stays a notice of its own. The engine keeps one alert per
 * (server, tool, metric), so the anomalies of one problem — p95 and p99 of the same slow-down, or a
 * threshold rule firing too — are one alert. A condition is raised again at least every
 * {@link #REFRESH} while its anomaly goes on and held {@link #HOLD}, so it lapses by itself if
 * detection stops; when the anomaly is resolved (or no longer reported) it is cleared, and the alert
 * resolves at the engine's next evaluation unless something else still fires.
 *
 * <p>Not thread-safe: one background thread calls {@link #update}.
 */
public final class AnomalyAlerts {

    /** Prefix of the alert source (and of the alert's {@code ruleId}) of the conditions raised here. */
    public static final String SOURCE_PREFIX = "anomaly-";
    /** How long a raised condition holds without being raised again. */
    public static final Duration HOLD = Duration.ofMinutes(5);
    /** A condition still going on is raised again after this long (the engine persists every raise). */
    static final Duration REFRESH = Duration.ofMinutes(1);

    private record Raised(Condition condition, long atMillis) {
    }

    private final AlertEngine engine;
    private final Map<String, Raised> raised = new HashMap<>();

    public AnomalyAlerts(AlertEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Raises what {@code anomalies} (the current state of every incident, as {@code detect_anomalies}
     * reports them) call for at {@code nowMillis} and clears what they no longer do; returns how many
     * conditions are raised now.
     */
    public int update(List<Anomaly> anomalies, long nowMillis) {
        Map<String, Condition> wanted = new LinkedHashMap<>();
        for (Anomaly a : anomalies) {
            Condition c = condition(a);
            if (c != null) {
                wanted.merge(key(c), c, (x, y) -> y.value() > x.value() ? y : x);
            }
        }
        for (Map.Entry<String, Raised> e : List.copyOf(raised.entrySet())) {
            if (!wanted.containsKey(e.getKey())) {
                Condition c = e.getValue().condition();
                engine.clear(c.source(), c.server(), c.tool(), c.metric());
                raised.remove(e.getKey());
            }
        }
        // An alert a threshold rule already holds at critical says what crossed which threshold; the
        // anomaly would add nothing to it but relabel it with the anomaly's own bound.
        java.util.Set<String> heldByRules = new java.util.HashSet<>();
        for (io.mcpmonitor.core.alert.Alert al : engine.alerts(false)) {
            if (al.severity() == io.mcpmonitor.core.alert.Severity.CRITICAL && al.ruleId() != null && !al.ruleId().startsWith(SOURCE_PREFIX)) {
                heldByRules.add(al.server() + '\u0000' + al.tool() + '\u0000' + al.metric().wireName());
            }
        }
        for (Map.Entry<String, Condition> e : wanted.entrySet()) {
            Condition c = e.getValue();
            if (heldByRules.contains(c.server() + '\u0000' + c.tool() + '\u0000' + c.metric().wireName())) {
                continue;
            }
            Raised before = raised.get(e.getKey());
            if (before == null || nowMillis - before.atMillis() >= REFRESH.toMillis()) {
                engine.raise(e.getValue(), nowMillis, HOLD);
                raised.put(e.getKey(), new Raised(e.getValue(), nowMillis));
            }
        }
        return raised.size();
    }

    /** The condition a critical ongoing anomaly raises, or null. */
    static Condition condition(Anomaly a) {
        if (a.severity() != Severity.CRITICAL || !Anomaly.ONGOING.equals(a.status()) || a.provisional()) {
            return null;
        }
        if (a.anomalyType() == AnomalyType.PERSISTENT_ERRORS || a.anomalyType() == AnomalyType.PERSISTENT_LATENCY) {
            // A standing problem is a level, which is what threshold rules watch (with their pending
            // period); raising it here would fire ahead of the rule under the anomaly's own bound.
            return null;
        }
        AnomalyDetails d = a.details();
        String metric = d.metric();
        AlertMetric alertMetric;
        String statistic = "";
        if (metric.startsWith("latency_")) {
            alertMetric = AlertMetric.RESPONSE_TIME;
            statistic = metric.substring("latency_".length());
        } else if (metric.equals("error_rate")) {
            alertMetric = AlertMetric.ERROR_RATE;
        } else if (metric.equals("cpu_percent")) {
            alertMetric = AlertMetric.CPU;
        } else if (metric.equals("heap_percent")) {
            alertMetric = AlertMetric.MEMORY;
        } else {
            return null; // calls per minute: no alert metric watches traffic
        }
        String tool = alertMetric.perServer() ? "" : a.toolName();
        if (tool == null) {
            return null; // a server-wide anomaly of a tool metric: its tools' own anomalies raise it
        }
        return new Condition(SOURCE_PREFIX + a.anomalyType().wireName(), a.mcpServer(), tool, alertMetric,
                io.mcpmonitor.core.alert.Severity.CRITICAL, finite(d.currentValue()), bound(a), statistic);
    }

    /** The bound the anomaly went beyond: the top of its expected range, else the expected value. */
    private static double bound(Anomaly a) {
        AnomalyDetails d = a.details();
        if (d.expectedRange().size() == 2 && Double.isFinite(d.expectedRange().get(1))) {
            return d.expectedRange().get(1);
        }
        return finite(d.expectedValue());
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }

    private static String key(Condition c) {
        return c.source() + '\u0000' + c.server() + '\u0000' + c.tool() + '\u0000' + c.metric().wireName();
    }
}
