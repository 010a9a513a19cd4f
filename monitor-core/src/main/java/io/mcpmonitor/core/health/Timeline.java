package io.mcpmonitor.core.health;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Bucket;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Minute-by-minute percentiles and error rate of one server or all, for the dashboard's charts. A
 * closed minute's point is kept and reused while none of the scope's series changed
 * ({@link StoreIndex.Series#version()}), or while the minute still holds the same number of calls
 * (a late flush changes it), so a page polling every few seconds recomputes only the minute in
 * progress.
 *
 * <p>Not thread-safe: {@link HealthDashboard} calls it under its own lock.
 */
final class Timeline {

    /** Most minutes one timeline covers: the minute data kept (24 h). */
    static final int MAX_MINUTES = 1440;
    /** Most servers (and "all") whose points are kept. */
    private static final int MAX_KEPT = 64;
    private static final String ALL = "\u0000all";

    /** The points of one scope (a server, or all), and the state of its series they were made from. */
    private static final class Scope {
        final Map<Long, TimelinePoint> points = new HashMap<>();
        long maxVersion = -1;
        int seriesCount = -1;
    }

    private final Map<String, Scope> kept = new HashMap<>();

    List<TimelinePoint> of(StoreIndex ix, String serverOrNull, int minutes, long now, DenseCounts scratch) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("minutes: must be between 1 and " + MAX_MINUTES + ", was " + minutes);
        }
        long to = Resolution.MINUTE.floor(now) + Resolution.MINUTE.millis();
        long from = to - minutes * Resolution.MINUTE.millis();
        long open = to - Resolution.MINUTE.millis();
        List<StoreIndex.Series> matching = new ArrayList<>();
        long maxVersion = 0;
        for (StoreIndex.Series s : ix.series()) {
            if ((serverOrNull == null || serverOrNull.equals(s.key().server())) && s.lastSeenMillis() > from) {
                matching.add(s);
                maxVersion = Math.max(maxVersion, s.version());
            }
        }
        if (kept.size() > MAX_KEPT) {
            kept.clear();
        }
        Scope scope = kept.computeIfAbsent(serverOrNull == null ? ALL : serverOrNull, k -> new Scope());
        scope.points.keySet().removeIf(m -> m < from);
        // Versions only grow: the same largest version and number of series means none of them changed.
        boolean unchanged = scope.maxVersion == maxVersion && scope.seriesCount == matching.size();
        List<List<Bucket>> byMinute = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            byMinute.add(new ArrayList<>());
        }
        for (StoreIndex.Series s : matching) {
            if (unchanged) {
                Bucket b = ClosedMinutes.minute(s, open);
                if (b != null) {
                    byMinute.get(minutes - 1).add(b);
                }
                continue;
            }
            for (Bucket b : s.minutes(from, to).values()) {
                byMinute.get((int) ((b.startMillis() - from) / Resolution.MINUTE.millis())).add(b);
            }
        }
        List<TimelinePoint> out = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            long m = from + i * Resolution.MINUTE.millis();
            TimelinePoint p = scope.points.get(m);
            if (m == open || p == null || (!unchanged && p.calls() != calls(byMinute.get(i)))) {
                p = point(m, byMinute.get(i), scratch);
                scope.points.put(m, p);
            }
            out.add(p);
        }
        scope.maxVersion = maxVersion;
        scope.seriesCount = matching.size();
        return out;
    }

    private static long calls(List<Bucket> buckets) {
        long calls = 0;
        for (Bucket b : buckets) {
            calls += b.totalCalls();
        }
        return calls;
    }

    private static TimelinePoint point(long minute, List<Bucket> buckets, DenseCounts scratch) {
        scratch.reset();
        long calls = 0;
        long failed = 0;
        for (Bucket b : buckets) {
            calls += b.totalCalls();
            failed += b.totalCalls() - b.count(Outcome.SUCCESS);
            b.histogram().addTo(scratch);
        }
        if (calls == 0) {
            return new TimelinePoint(minute, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new TimelinePoint(minute, calls, ServerAssessment.ms(scratch.valueAtPercentile(50)),
                ServerAssessment.ms(scratch.valueAtPercentile(95)), ServerAssessment.ms(scratch.valueAtPercentile(99)),
                ServerAssessment.percent(failed, calls));
    }
}
