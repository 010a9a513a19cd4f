package io.mcpmonitor.core.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The in-memory view of the store: per series, merged buckets at each resolution, the rollup
 * headers, and process samples. Queries walk it through {@link #fold}, which picks, for each part
 * of a range, the coarsest resolution that is both allowed and clean, so a long range reads a few
 * rollups and minute data only at its edges; the result is the same whichever is read because
 * histograms are merged exactly.
 *
 * <p>A rollup is <em>clean</em> when it merged every call the finer data still on disk holds (its
 * {@code sourceCalls} equals their total): late data written after a rollup makes it stale, and
 * the finer data is read instead until the rollup is rewritten.
 *
 * <p>Not thread-safe on its own: {@link StoreReader} guards it with a read-write lock.
 */
public final class StoreIndex {

    private static final java.util.concurrent.atomic.AtomicLong VERSIONS = new java.util.concurrent.atomic.AtomicLong();

    private final Map<SeriesKey, Series> series = new HashMap<>();
    private final Map<Long, Long> minuteCallsByHour = new HashMap<>();
    private final Map<Long, RecordCodec.RollupHeader> hourHeaders = new HashMap<>();
    private final Map<Long, RecordCodec.RollupHeader> dayHeaders = new HashMap<>();
    private final List<ProcessRecord> processes = new ArrayList<>();
    private Set<Long> cleanHours = Set.of();
    private Set<Long> cleanDays = Set.of();

    /** The buckets of one series, by resolution, keyed by start millis. */
    public static final class Series {
        private final SeriesKey key;
        private final EnumMapOfBuckets buckets = new EnumMapOfBuckets();
        private long firstSeenMillis = Long.MAX_VALUE;
        private long lastSeenMillis = Long.MIN_VALUE;
        private long version;
        // Merged runs of clean hourly rollups, keyed by [first hour, end): a dashboard or an alert asks
        // for the same sliding day again and again, and all but its edges are the same hours. Cleared
        // whenever a rollup of this series, or the set of clean hours, changes.
        private final java.util.concurrent.ConcurrentHashMap<Long, Bucket> spans = new java.util.concurrent.ConcurrentHashMap<>();

        Series(SeriesKey key) {
            this.key = key;
        }

        public SeriesKey key() {
            return key;
        }

        /** Start of the earliest bucket holding data, any resolution. */
        public long firstSeenMillis() {
            return firstSeenMillis;
        }

        /** End of the latest bucket holding data, any resolution. */
        public long lastSeenMillis() {
            return lastSeenMillis;
        }

        /**
         * Changes whenever a record is added to this series, and never repeats, even across indexes (a
         * rebuilt index stamps its series anew), so a cache of anything derived from the series is
         * valid while the version it was made from is.
         */
        public long version() {
            return version;
        }

        public NavigableMap<Long, Bucket> buckets(Resolution r) {
            return Collections.unmodifiableNavigableMap(buckets.get(r));
        }
    }

    private static final class EnumMapOfBuckets {
        private final List<TreeMap<Long, Bucket>> byResolution =
                List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

        TreeMap<Long, Bucket> get(Resolution r) {
            return byResolution.get(r.ordinal());
        }
    }

    void add(CallRecord r) {
        SeriesKey key = new SeriesKey(r.server(), r.tool());
        Series s = series.computeIfAbsent(key, Series::new);
        long start = r.resolution().floor(r.startMillis());
        if (r.resolution() != Resolution.MINUTE || hourHeaders.containsKey(Resolution.HOUR.floor(start))) {
            s.spans.clear(); // a rollup changed, or late data for a rolled-up hour
        }
        s.buckets.get(r.resolution()).computeIfAbsent(start, Bucket::new).add(r);
        s.version = VERSIONS.incrementAndGet();
        s.firstSeenMillis = Math.min(s.firstSeenMillis, start);
        s.lastSeenMillis = Math.max(s.lastSeenMillis, start + r.resolution().millis());
        if (r.resolution() == Resolution.MINUTE) {
            minuteCallsByHour.merge(Resolution.HOUR.floor(start), r.totalCalls(), Long::sum);
        }
    }

    void add(ProcessRecord p) {
        processes.add(p);
    }

    void add(RecordCodec.RollupHeader h) {
        (h.resolution() == Resolution.HOUR ? hourHeaders : dayHeaders).put(h.startMillis(), h);
    }

    void recomputeCleanRollups() {
        Set<Long> hours = new HashSet<>();
        for (var e : hourHeaders.entrySet()) {
            Long minuteCalls = minuteCallsByHour.get(e.getKey());
            if (minuteCalls == null || minuteCalls == e.getValue().sourceCalls()) {
                hours.add(e.getKey());
            }
        }
        if (!hours.equals(cleanHours)) {
            series.values().forEach(x -> x.spans.clear());
        }
        cleanHours = hours;
        Set<Long> days = new HashSet<>();
        for (var e : dayHeaders.entrySet()) {
            // Once retention has removed every finer bucket, the day rollup is all there is.
            if (!hasFinerData(e.getKey()) || callsBelow(Resolution.DAY, e.getKey()) == e.getValue().sourceCalls()) {
                days.add(e.getKey());
            }
        }
        cleanDays = days;
    }

    private boolean hasFinerData(long dayStart) {
        for (long h = dayStart; h < dayStart + Resolution.DAY.millis(); h += Resolution.HOUR.millis()) {
            if (minuteCallsByHour.containsKey(h) || hourHeaders.containsKey(h)) {
                return true;
            }
        }
        return false;
    }

    /** The calls the data finer than {@code r} holds for the bucket at {@code start}, preferring the finest. */
    long callsBelow(Resolution r, long start) {
        if (r == Resolution.HOUR) {
            Long m = minuteCallsByHour.get(start);
            return m != null ? m : 0;
        }
        long sum = 0;
        for (long h = start; h < start + Resolution.DAY.millis(); h += Resolution.HOUR.millis()) {
            Long m = minuteCallsByHour.get(h);
            if (m != null) {
                sum += m;
            } else if (hourHeaders.containsKey(h)) {
                sum += hourHeaders.get(h).sourceCalls();
            }
        }
        return sum;
    }

    /** All series, in no particular order. */
    public java.util.Collection<Series> series() {
        return Collections.unmodifiableCollection(series.values());
    }

    /** The series, or null if the store has never seen it. */
    public Series series(SeriesKey key) {
        return series.get(key);
    }

    /** Process samples in the order read. */
    public List<ProcessRecord> processes() {
        return Collections.unmodifiableList(processes);
    }

    /** Whether a clean rollup covers the hour or day starting at {@code start}. */
    public boolean hasCleanRollup(Resolution r, long start) {
        return switch (r) {
            case HOUR -> cleanHours.contains(start);
            case DAY -> cleanDays.contains(start);
            case MINUTE -> false;
        };
    }

    /** Hours and days for which a rollup file exists, clean or not. */
    Set<Long> rollupStarts(Resolution r) {
        return Collections.unmodifiableSet((r == Resolution.HOUR ? hourHeaders : dayHeaders).keySet());
    }

    /** Hours that have minute data, with their total calls. */
    Map<Long, Long> minuteCallsByHour() {
        return Collections.unmodifiableMap(minuteCallsByHour);
    }

    /** The merge of the hourly rollups of {@code s} in [{@code from}, {@code end}), all clean; cached. */
    private static Bucket span(Series s, long from, long end) {
        long key = from * 31 + (end - from) / Resolution.HOUR.millis();
        Bucket cached = s.spans.get(key);
        if (cached != null && cached.startMillis() == from) {
            return cached;
        }
        Bucket merged = new Bucket(from);
        for (Bucket b : s.buckets.get(Resolution.HOUR).subMap(from, true, end, false).values()) {
            merged.add(b.toRecord(Resolution.HOUR, s.key()));
        }
        merged.histogram(); // merge now, outside any later query's timing
        if (s.spans.size() > 8) {
            s.spans.clear();
        }
        s.spans.put(key, merged);
        return merged;
    }

    /**
     * Visits every bucket of {@code s} that holds data in {@code [fromMillis, toMillis)} (minute-aligned),
     * reading clean day and hour rollups where they cover whole parts of the range and the
     * resolution is not coarser than {@code coarsest}, and minute buckets elsewhere.
     */
    public void fold(Series s, long fromMillis, long toMillis, Resolution coarsest, Consumer<Bucket> visitor) {
        long t = fromMillis;
        while (t < toMillis) {
            if (coarsest == Resolution.DAY && t % Resolution.DAY.millis() == 0
                    && t + Resolution.DAY.millis() <= toMillis && cleanDays.contains(t)) {
                Bucket b = s.buckets.get(Resolution.DAY).get(t);
                if (b != null) {
                    visitor.accept(b);
                }
                t += Resolution.DAY.millis();
                continue;
            }
            if (coarsest != Resolution.MINUTE && t % Resolution.HOUR.millis() == 0
                    && t + Resolution.HOUR.millis() <= toMillis && cleanHours.contains(t)) {
                long end = t + Resolution.HOUR.millis();
                while (end + Resolution.HOUR.millis() <= toMillis && cleanHours.contains(end)
                        && !(coarsest == Resolution.DAY && end % Resolution.DAY.millis() == 0 && cleanDays.contains(end))) {
                    end += Resolution.HOUR.millis();
                }
                if (coarsest == Resolution.HOUR || end - t == Resolution.HOUR.millis()) {
                    Bucket b = s.buckets.get(Resolution.HOUR).get(t);
                    if (b != null) {
                        visitor.accept(b);
                    }
                    t += Resolution.HOUR.millis();
                } else {
                    Bucket merged = span(s, t, end);
                    if (merged.totalCalls() > 0) {
                        visitor.accept(merged);
                    }
                    t = end;
                }
                continue;
            }
            long next = Math.min(toMillis, Resolution.HOUR.floor(t) + Resolution.HOUR.millis());
            for (Bucket b : s.buckets.get(Resolution.MINUTE).subMap(t, true, next, false).values()) {
                visitor.accept(b);
            }
            t = next;
        }
    }
}
