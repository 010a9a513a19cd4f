package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.store.StoreIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads every rule in force against the store: for each (server, tool, metric) the rules of the most
 * specific scope ({@link AlertRule#inForce}), each with its value and whether it fires, that is, has
 * been over its threshold for its pending period. Pending periods are tracked per rule and series
 * in the map the engine persists.
 *
 * <p>Not thread-safe: it reuses the evaluator's scratch histogram; the engine owns one.
 */
final class RuleReadings {

    /**
     * What the rules in force read for one (server, tool, metric), most severe first, followed by what
     * outside sources raised for it ({@link #with}).
     */
    record Target(String server, String tool, AlertMetric metric, List<Reading> readings) {

        Target with(Reading outside) {
            List<Reading> more = new ArrayList<>(readings);
            more.add(outside);
            return new Target(server, tool, metric, more);
        }

        String key() {
            return Alert.key(server, tool, metric);
        }

        /** The most severe firing reading, or null when none fires. */
        Reading top() {
            Reading top = null;
            for (Reading r : readings) {
                if (r.firing() && (top == null || r.severity().compareTo(top.severity()) > 0)) {
                    top = r;
                }
            }
            return top;
        }

        /** The value to quote at {@code severity}: its reading's, else the least severe one's, else NaN. */
        double valueAt(Severity severity) {
            double v = Double.NaN;
            for (Reading r : readings) {
                if (r.severity() == severity) {
                    return r.value(); // rules come before outside sources, so a rule's value is preferred
                }
                v = r.value();
            }
            return v;
        }

        /** The threshold to quote at {@code severity}, or NaN when no rule of it is in force. */
        double thresholdAt(Severity severity) {
            for (Reading r : readings) {
                if (r.severity() == severity) {
                    return r.threshold();
                }
            }
            return Double.NaN;
        }
    }

    private final RuleEvaluator evaluator = new RuleEvaluator();

    /**
     * The targets of every series and server of {@code ix} under {@code rules} at {@code now}. Pending
     * periods of rules no longer in force for a series (or of series gone) are forgotten.
     */
    Map<String, Target> read(StoreIndex ix, Collection<AlertRule> rules, Map<String, Long> pendingSince, long now) {
        Map<String, Target> out = new LinkedHashMap<>();
        Set<String> judged = new HashSet<>();
        Map<String, Long> lastSeenByServer = new HashMap<>();
        for (StoreIndex.Series s : ix.series()) {
            lastSeenByServer.merge(s.key().server(), s.lastSeenMillis(), Math::max);
        }
        Set<String> servers = new TreeSet<>(lastSeenByServer.keySet());
        ix.processes().forEach(p -> servers.addAll(p.servers()));
        for (AlertMetric metric : AlertMetric.values()) {
            if (metric.perServer()) {
                for (String server : servers) {
                    long lastSeen = lastSeenByServer.getOrDefault(server, Long.MIN_VALUE);
                    target(out, server, "", metric, AlertRule.inForce(rules, metric, server, null), pendingSince, judged, now,
                            rule -> evaluator.serverValue(ix, server, rule, now, lastSeen));
                }
            } else {
                for (StoreIndex.Series s : ix.series()) {
                    String server = s.key().server();
                    String tool = s.key().tool();
                    target(out, server, tool, metric, AlertRule.inForce(rules, metric, server, tool), pendingSince, judged, now,
                            rule -> evaluator.seriesValue(ix, s, rule, now));
                }
            }
        }
        pendingSince.keySet().retainAll(judged);
        return out;
    }

    private static void target(Map<String, Target> out, String server, String tool, AlertMetric metric,
                               List<AlertRule> inForce, Map<String, Long> pendingSince, Set<String> judged, long now,
                               java.util.function.ToDoubleFunction<AlertRule> valueOf) {
        if (inForce.isEmpty()) {
            return;
        }
        List<Reading> readings = new ArrayList<>(inForce.size());
        for (AlertRule rule : inForce) {
            double v = valueOf.applyAsDouble(rule);
            readings.add(new Reading(rule.id(), rule.severity(), v, rule.threshold(),
                    metric.hasStatistic() ? rule.statistic().wireName() : "",
                    fires(rule, server, tool, v, pendingSince, judged, now)));
        }
        Target t = new Target(server, tool, metric, readings);
        out.put(t.key(), t);
    }

    /** Whether {@code rule} fires with {@code value} at {@code now}: over its threshold for its pending period. */
    private static boolean fires(AlertRule rule, String server, String tool, double value, Map<String, Long> pendingSince,
                                 Set<String> judged, long now) {
        String pendingKey = rule.id() + '\u0000' + server + '\u0000' + tool;
        judged.add(pendingKey);
        boolean over = !Double.isNaN(value)
                && (rule.metric() == AlertMetric.NO_DATA ? value >= rule.threshold() : value > rule.threshold());
        if (!over) {
            pendingSince.remove(pendingKey);
            return false;
        }
        long since = pendingSince.computeIfAbsent(pendingKey, k -> now);
        return now - since >= rule.pendingFor().toMillis();
    }

    /** Cost of evaluating one rule for one series, for benchmarks: the value it would compare. */
    double valueOf(StoreIndex ix, AlertRule rule, StoreIndex.Series s, long now) {
        return evaluator.seriesValue(ix, s, rule, now);
    }
}
