package io.mcpmonitor.core.health;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Bucket;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.SeriesKey;
import io.mcpmonitor.core.store.SparseHistogram;
import io.mcpmonitor.core.store.StoreIndex;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Per series, the merge of its minutes in a range (the closed minutes of the dashboard window),
 * kept while the range is the same and the series unchanged ({@link StoreIndex.Series#version()}), or
 * changed only outside the range (its calls in the range are the same). A dashboard asked again within
 * the same minute then adds one merged histogram per series instead of fourteen, without touching
 * the minutes; a late flush into a closed minute changes its call count, and the merge is redone.
 *
 * <p>Not thread-safe: {@link HealthDashboard} calls it under its own lock.
 */
final class ClosedMinutes {

    private record Merged(long from, long to, long version, long calls, long failed, SparseHistogram histogram) {
    }

    private final Map<SeriesKey, Merged> merged = new HashMap<>();
    private final Set<SeriesKey> used = new HashSet<>();

    /**
     * Adds the minutes of {@code s} in {@code [from, to)}: calls and failed calls to {@code calls[0]} and
     * {@code calls[1]}, durations into {@code series} (which must be empty: on a miss the merge is made
     * there) and into {@code also}.
     */
    void addTo(StoreIndex.Series s, long from, long to, long[] calls, DenseCounts series, DenseCounts also) {
        Merged m = merged.get(s.key());
        boolean valid = m != null && m.from() == from && m.to() == to;
        if (valid && m.version() != s.version()) {
            // new data for the series: most often only in the minute in progress, so check before merging again
            long total = 0;
            for (Bucket b : s.minutes(from, to).values()) {
                total += b.totalCalls();
            }
            valid = total == m.calls();
        }
        if (valid) {
            m.histogram().addTo(series);
            m = new Merged(from, to, s.version(), m.calls(), m.failed(), m.histogram());
        } else {
            long total = 0;
            long failed = 0;
            for (Bucket b : s.minutes(from, to).values()) {
                b.histogram().addTo(series);
                total += b.totalCalls();
                failed += b.totalCalls() - b.count(Outcome.SUCCESS);
            }
            m = new Merged(from, to, s.version(), total, failed, series.toSparse());
        }
        merged.put(s.key(), m);
        used.add(s.key());
        calls[0] += m.calls();
        calls[1] += m.failed();
        m.histogram().addTo(also);
    }

    /**
     * The minute bucket of {@code s} starting at {@code minuteMillis}, or null. Cheap for the minute in
     * progress: that is the series' last minute, reached without searching its tree.
     */
    static Bucket minute(StoreIndex.Series s, long minuteMillis) {
        if (s.lastSeenMillis() <= minuteMillis) {
            return null;
        }
        return s.minutes(minuteMillis, minuteMillis + Resolution.MINUTE.millis()).get(minuteMillis);
    }

    /** Forgets the series not used since the last call, so series gone from the store are not kept. */
    void forgetUnused() {
        merged.keySet().retainAll(used);
        used.clear();
    }
}
