package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.ProcessRecord;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;

/**
 * Computes the value a rule compares with its threshold, for one series or server, over the rule's
 * window ending now. Returns NaN when the window cannot be judged (too few calls, no samples).
 *
 * <p>Not thread-safe: it reuses one scratch histogram; the engine owns one.
 */
final class RuleEvaluator {

    private final DenseCounts scratch = new DenseCounts();

    /** The value of a per-tool rule ({@code response_time}, {@code error_rate}) for series {@code s}. */
    double seriesValue(StoreIndex ix, StoreIndex.Series s, AlertRule rule, long now) {
        long from = Resolution.MINUTE.floor(now - rule.window().toMillis());
        long to = Resolution.MINUTE.floor(now) + Resolution.MINUTE.millis();
        if (s.lastSeenMillis() <= from) {
            return Double.NaN;
        }
        scratch.reset();
        long[] calls = new long[2];
        boolean latency = rule.metric() == AlertMetric.RESPONSE_TIME;
        ix.fold(s, from, to, Resolution.MINUTE, b -> {
            calls[0] += b.totalCalls();
            calls[1] += b.totalCalls() - b.count(Outcome.SUCCESS);
            if (latency) {
                b.histogram().addTo(scratch);
            }
        });
        if (calls[0] == 0 || calls[0] < rule.minCalls()) {
            return Double.NaN;
        }
        if (!latency) {
            return 100.0 * calls[1] / calls[0];
        }
        double nanos = switch (rule.statistic()) {
            case AVG -> scratch.mean();
            case MAX -> scratch.max();
            default -> scratch.valueAtPercentile(rule.statistic().percentile());
        };
        return nanos / 1_000_000.0;
    }

    /** The value of a per-server rule ({@code cpu}, {@code memory}, {@code no_data}) for {@code server}. */
    double serverValue(StoreIndex ix, String server, AlertRule rule, long now, long lastSeenMillis) {
        if (rule.metric() == AlertMetric.NO_DATA) {
            if (lastSeenMillis == Long.MIN_VALUE || lastSeenMillis < now - java.time.Duration.ofHours(24).toMillis()) {
                return Double.NaN; // never active, or gone for a day: not "no data" any more
            }
            return Math.max(0, now - lastSeenMillis) / 60_000.0;
        }
        long from = now - rule.window().toMillis();
        double sum = 0;
        int n = 0;
        for (ProcessRecord p : ix.processes()) {
            if (p.atMillis() < from || p.atMillis() > now || !p.servers().contains(server)) {
                continue;
            }
            double v = rule.metric() == AlertMetric.CPU ? p.cpuPercent() : p.heapPercent();
            if (v >= 0) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
