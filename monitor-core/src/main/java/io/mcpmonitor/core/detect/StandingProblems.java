package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Bucket;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Standing problems: what is wrong and has been wrong all along, which no change detector can
 * see because there is no normal to compare with.
 *
 * <p>{@code persistent_errors}: a tool that failed on (nearly) every call since it was first seen
 * in the minute data. The share of failed calls must be at least {@link #MIN_SHARE} both in the
 * lookback window and over all the series' minute data, over at least {@code minCalls} calls in
 * the window (50 / 20 / 10 at low / medium / high sensitivity) so a handful of failed first calls
 * is not a standing problem. Critical when at least {@link #CRITICAL_SHARE} failed, else warning.
 * The anomaly's id is stable (server, tool, first minute seen), so each run reports the same one.
 *
 * <p>{@code persistent_latency}: the p95 response time was above the p95 alert threshold in force
 * for the tool (the least severe rule's threshold, from the rules given) in every minute of the
 * window that had calls, over at least {@link #MIN_MINUTES} such minutes and {@code minCalls}
 * calls. Critical when every such minute was above the critical rule's threshold too.
 *
 * <p>Stateless; the caller holds the index's read lock and owns the history and scratch. Cost: the
 * closed minutes are judged from the series' {@link CallHistory} (numbers already read once by
 * detection, newest first for latency, stopping at the first minute below the threshold); only the
 * minutes not over yet are read from the store, their histograms decoded newest first while every
 * minute so far was above the threshold.
 */
final class StandingProblems {
    static final double MIN_SHARE = 0.9;
    static final double CRITICAL_SHARE = 0.98;
    static final int MIN_MINUTES = 5;
    private static final long MINUTE = Resolution.MINUTE.millis();

    private StandingProblems() {
    }

    /**
     * The standing problems of one series judged over {@code [from, to)}: the minutes before
     * {@code observedUntil} from {@code history}, the later ones (not over yet) from the store's
     * buckets of {@code s}. Adds what it finds to {@code out}.
     */
    static void find(StoreIndex.Series s, CallHistory history, long observedUntil, DetectionRequest request, long from,
                     long to, Collection<AlertRule> rules, DenseCounts scratch, List<Anomaly> out) {
        long minCalls = Math.round(request.sensitivity().pick(50, 20, 10));
        NavigableMap<Long, Bucket> open = s.minutes(observedUntil, Long.MAX_VALUE);
        long calls = 0, failed = 0, allCalls = history.allCalls(), allFailed = history.allFailed();
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        long firstSeen = history.firstMinute();
        for (int i = history.indexOf(from); i < history.end() && history.minute(i) < to; i++) {
            calls += history.calls(i);
            failed += history.failed(i);
            first = Math.min(first, history.minute(i));
            last = history.minute(i);
        }
        for (Map.Entry<Long, Bucket> e : open.entrySet()) {
            Bucket b = e.getValue();
            long n = b.totalCalls();
            if (n == 0) {
                continue;
            }
            long bad = n - b.count(Outcome.SUCCESS);
            allCalls += n;
            allFailed += bad;
            firstSeen = Math.min(firstSeen, e.getKey());
            if (e.getKey() >= from && e.getKey() < to) {
                calls += n;
                failed += bad;
                first = Math.min(first, e.getKey());
                last = Math.max(last, e.getKey());
            }
        }
        if (calls < minCalls) {
            return;
        }
        if (failed >= MIN_SHARE * calls && allFailed >= MIN_SHARE * allCalls) {
            out.add(persistentErrors(s, request, calls, failed, allCalls, allFailed, first, last, firstSeen));
        }
        NavigableMap<Long, Bucket> openInWindow = s.minutes(Math.max(from, observedUntil), to);
        Anomaly slow = persistentLatency(s, history, openInWindow, request, from, to, rules, scratch);
        if (slow != null) {
            out.add(slow);
        }
    }

    private static Anomaly persistentLatency(StoreIndex.Series s, CallHistory history, NavigableMap<Long, Bucket> open,
            DetectionRequest request, long from, long to, Collection<AlertRule> rules, DenseCounts scratch) {
        List<AlertRule> inForce = AlertRule.inForce(rules, AlertMetric.RESPONSE_TIME, s.key().server(), s.key().tool());
        if (inForce.isEmpty()) {
            return null;
        }
        AlertRule least = inForce.get(inForce.size() - 1);
        AlertRule most = inForce.get(0);
        int minutes = 0;
        long calls = 0;
        double lowest = Double.POSITIVE_INFINITY;
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        // newest first, stopping at the first minute at or below the threshold: one look for a healthy series
        for (Bucket b : open.descendingMap().values()) {
            if (b.totalCalls() == 0 || b.histogram().totalCount() == 0) {
                continue;
            }
            scratch.reset();
            scratch.add(b.histogram());
            double p95 = scratch.valueAtPercentile(95) / 1e6;
            if (p95 <= least.threshold()) {
                return null;
            }
            lowest = Math.min(lowest, p95);
            minutes++;
            calls += b.totalCalls();
            first = b.startMillis();
            last = Math.max(last, b.startMillis());
        }
        int oldest = history.indexOf(from);
        for (int i = history.indexOf(to) - 1; i >= oldest; i--) {
            double p95 = history.p95(i);
            if (Double.isNaN(p95)) {
                continue;
            }
            if (p95 <= least.threshold()) {
                return null;
            }
            lowest = Math.min(lowest, p95);
            minutes++;
            calls += history.calls(i);
            first = history.minute(i);
            last = Math.max(last, history.minute(i));
        }
        if (minutes < MIN_MINUTES) {
            return null;
        }
        Severity severity = lowest > most.threshold() && most.severity() == io.mcpmonitor.core.alert.Severity.CRITICAL
                ? Severity.CRITICAL : Severity.WARNING;
        String description = String.format(Locale.ROOT, "%s/%s: p95 response time above the %s alert threshold of %.0f ms"
                + " in every one of its %d minutes with calls in the window (never below %.0f ms): a standing problem,"
                + " not a change", s.key().server(), s.key().tool(), least.severity().wireName(), least.threshold(),
                minutes, lowest);
        List<String> recs = List.of(
                "The tool has been this slow all along: profile it, or the service it calls, rather than look for a"
                        + " recent change",
                String.format(Locale.ROOT, "If %.0f ms is normal for this tool, raise its threshold with set_alert_threshold"
                        + " (scope: this tool) so real regressions stand out", lowest));
        AnomalyDetails details = new AnomalyDetails("latency_p95", "ms", lowest, least.threshold(),
                List.of(0.0, least.threshold()), Double.NaN, 100 * (lowest / least.threshold() - 1), 1.0,
                request.method().wireName(), calls, List.of(), "this_tool", List.of());
        String id = "persistent_latency:" + s.key().server() + "/" + s.key().tool() + "@" + first;
        return new Anomaly(id, Instant.ofEpochMilli(first), Instant.ofEpochMilli(last), s.key().server(), s.key().tool(),
                AnomalyType.PERSISTENT_LATENCY, severity, Anomaly.ONGOING, false, description, details, recs);
    }

    private static Anomaly persistentErrors(StoreIndex.Series s, DetectionRequest request, long calls, long failed,
            long allCalls, long allFailed, long first, long last, long firstSeen) {
        double share = (double) failed / calls;
        Severity severity = share >= CRITICAL_SHARE ? Severity.CRITICAL : Severity.WARNING;
        List<ErrorCount> top = StoreMinutes.topErrors(s, first, last + MINUTE, 3);
        List<String> outcomes = top.stream().map(e -> e.outcome().wireName()).distinct().toList();
        String description = String.format(Locale.ROOT, "%s/%s failed on %d of %d calls (%.1f %%) in the window, and on %d"
                + " of %d since it was first seen at %s: a standing problem, not a change", s.key().server(),
                s.key().tool(), failed, calls, 100 * share, allFailed, allCalls, Instant.ofEpochMilli(firstSeen));
        List<String> recs = new ArrayList<>();
        for (ErrorCount e : top) {
            recs.add(String.format(Locale.ROOT, "Most frequent error: %s%s (%d calls): fix its cause first",
                    e.outcome().wireName(), e.message() == null ? "" : " '" + e.message() + "'", e.count()));
        }
        recs.add("The tool has never worked for its callers here: check its configuration, credentials and the"
                + " service it depends on, or disable it until fixed");
        recs.add("No change was detected because there is no healthy baseline: set an alert rule on its error rate so"
                + " this reaches someone");
        AnomalyDetails details = new AnomalyDetails("error_rate", "percent", 100 * share, Double.NaN, List.of(),
                Double.NaN, Double.NaN, Math.min(1.0, share), request.method().wireName(), calls, outcomes, "this_tool",
                List.of());
        String id = "persistent_errors:" + s.key().server() + "/" + s.key().tool() + "@" + firstSeen;
        return new Anomaly(id, Instant.ofEpochMilli(first), Instant.ofEpochMilli(last), s.key().server(), s.key().tool(),
                AnomalyType.PERSISTENT_ERRORS, severity, Anomaly.ONGOING, false, description, details, recs);
    }
}
