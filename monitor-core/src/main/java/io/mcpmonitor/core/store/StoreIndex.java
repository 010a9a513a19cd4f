package io.mcpmonitor.core.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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
 * <p>A rollup names the minute files it merged ({@code sources}); minute data of its hour or day from
 * any other file (written late: a backfill, a stalled writer) is not in it, and is kept beside it per
 * series ({@link Series#late}) and added wherever the rollup is read, so every call counts once
 * whatever was rolled up, deleted or written in which order. Such a rollup is always <em>clean</em>.
 * A rollup of an earlier build, without its sources, is clean when it merged at least as many calls
 * as the finer data still on disk holds ({@code sourceCalls}); more finer data makes it stale, and the
 * finer data is read instead until it is rewritten.
 *
 * <p>Not thread-safe on its own: {@link StoreReader} guards it with a read-write lock.
 */
public final class StoreIndex {

    /** The span of the merged blocks of minute buckets {@link #fold} reads where no rollup applies. */
    static final long BLOCK_MILLIS = 10 * Resolution.MINUTE.millis();
    // 12 hours of blocks: the edges of any range and the hours not rolled up yet, a few MB per busy series at most.
    private static final int MAX_BLOCKS_PER_SERIES = 72;
    // Shorter ranges are cheap enough to read from their parts each time.
    private static final long MIN_CACHED_RANGE_MILLIS = 2 * Resolution.HOUR.millis();
    private static final int MAX_RANGES_PER_SERIES = 4;
    private static final java.util.concurrent.atomic.AtomicLong VERSIONS = new java.util.concurrent.atomic.AtomicLong();

    private final Map<SeriesKey, Series> series = new HashMap<>();
    // The series split by method: what every answer about tools reads, and the rest (resources/read, ...).
    private final List<Series> toolSeries = new ArrayList<>();
    private final List<Series> operationSeries = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong foldTicks = new java.util.concurrent.atomic.AtomicLong();
    private final Map<Long, Long> minuteCallsByHour = new HashMap<>();
    private final Map<Long, RecordCodec.RollupHeader> hourHeaders = new HashMap<>();
    private final Map<Long, RecordCodec.RollupHeader> dayHeaders = new HashMap<>();
    // The sources named by rollups that name them, for the lookup of each minute record's file.
    private final Map<Long, Set<String>> hourSources = new HashMap<>();
    private final Map<Long, Set<String>> daySources = new HashMap<>();
    // Minute files by the hours they hold, and the reverse, for the compactor; only consolidated files have ids.
    private final Map<Long, Set<String>> sourcesByHour = new HashMap<>();
    private final Map<String, Set<Long>> hoursBySource = new HashMap<>();
    private final Map<String, Long> callsBySource = new HashMap<>();
    // The files whose minute data is not in the rollup of its hour or day, by hour or day ("" for plain files).
    private final Map<Long, Set<String>> lateSourcesByHour = new HashMap<>();
    private final Map<Long, Set<String>> lateSourcesByDay = new HashMap<>();
    private final List<ProcessRecord> processes = new ArrayList<>();
    private Set<Long> cleanHours = Set.of();
    private Set<Long> cleanDays = Set.of();
    // Hours of which some minute file is read through its summary (HourSummary). In them every series with
    // calls has an hour aggregate holding all of them: the summaries, plus every minute line read directly.
    private final Set<Long> summarisedHours = new HashSet<>();
    // Summarised hours whose summarised minute lines are not all in the minute buckets yet (StoreReader loads them
    // when a question needs minutes there), each with the minutes of it that are loaded (bit i: minute i, see
    // minuteMask): a question about some minutes of an hour loads only those.
    private final Map<Long, Long> unloadedHours = new HashMap<>();
    // Summarised hours whose summaries all have 10-minute slices, not loaded yet (StoreReader loads them when a
    // question needs part of the hour), and hours of which some summary has none (or they did not read back):
    // their hour aggregates cannot be cut into slices, so part of such an hour is answered from its minutes.
    private final Set<Long> slicesUnloaded = new HashSet<>();
    private final Set<Long> withoutSlices = new HashSet<>();
    // Unloaded hours of which some consolidated minute file was not read at all (its hour rollup names it, so
    // the rollup answers the hour): nothing of that file is known, not even its first and last minute.
    private final Set<Long> consolidatedUnloadedHours = new HashSet<>();

    /**
     * Thrown by the index when a question needs minute buckets of an hour whose minute lines are not loaded
     * yet (only its summary is); {@link StoreReader#read} loads them and asks again. {@link #ALL}: every hour.
     */
    static final class MinutesNotLoaded extends RuntimeException {
        static final long ALL = Long.MIN_VALUE;
        final long hour;
        // the minutes of the hour the question needs: every minute starting in [fromMillis, toMillis) must be loaded
        final long fromMillis;
        final long toMillis;
        // the question would do with the hour's 10-minute slices instead (StoreIndex#addSlices)
        final boolean slices;

        MinutesNotLoaded(long hour) {
            this(hour, hour);
        }

        MinutesNotLoaded(long hour, long fromMillis) {
            this(hour, fromMillis, hour + Resolution.HOUR.millis(), false);
        }

        MinutesNotLoaded(long hour, long fromMillis, long toMillis, boolean slices) {
            super((slices ? "slices of " : "minute data of ")
                    + (hour == ALL ? "some hours" : java.time.Instant.ofEpochMilli(fromMillis)) + " is not loaded",
                    null, false, false);
            this.hour = hour;
            this.fromMillis = fromMillis;
            this.toMillis = toMillis;
            this.slices = slices;
        }
    }

    /** Every minute of an hour, as a mask of {@link #minuteMask}. */
    static final long ALL_MINUTES = (1L << 60) - 1;

    /** The minutes of the hour at {@code hour} that start in {@code [fromMillis, toMillis)}: bit i is minute i. */
    static long minuteMask(long hour, long fromMillis, long toMillis) {
        long m = Resolution.MINUTE.millis();
        int first = (int) Math.max(0, Math.min(60, Math.floorDiv(fromMillis - hour + m - 1, m)));
        int end = (int) Math.max(0, Math.min(60, Math.floorDiv(toMillis - hour + m - 1, m)));
        return first >= end ? 0 : (ALL_MINUTES >>> (60 - end)) & ~((1L << first) - 1);
    }

    /**
     * All the calls of one series in one summarised hour, the first and last minute holding them, and the same
     * calls per 10-minute slice as far as known: the minute lines read directly always, those of summaries once
     * their slices are loaded ({@link #addSlices}).
     */
    private static final class HourAggregate {
        final Bucket bucket;
        final Bucket[] slices = new Bucket[(int) (Resolution.HOUR.millis() / BLOCK_MILLIS)];
        long firstMinute = Long.MAX_VALUE;
        long lastMinute = Long.MIN_VALUE;

        HourAggregate(long hour) {
            bucket = new Bucket(hour);
        }

        void add(CallRecord r, long first, long last) {
            bucket.add(r);
            firstMinute = Math.min(firstMinute, first);
            lastMinute = Math.max(lastMinute, last);
        }

        /** Adds a minute line (or a summary's slice) to its slice only. */
        void addToSlice(CallRecord r) {
            long start = Resolution.MINUTE.floor(r.startMillis());
            int i = (int) ((start - bucket.startMillis()) / BLOCK_MILLIS);
            if (slices[i] == null) {
                slices[i] = new Bucket(bucket.startMillis() + i * BLOCK_MILLIS);
            }
            slices[i].add(r);
        }
    }

    /** The buckets of one series, by resolution, keyed by start millis. */
    public static final class Series {
        private final SeriesKey key;
        private final StoreIndex owner;
        private final TreeMap<Long, HourAggregate> hours = new TreeMap<>();
        private final EnumMapOfBuckets buckets = new EnumMapOfBuckets();
        // Minute data not in the rollup of its hour (by hour start) or day (by day start): added where that rollup is read.
        private final TreeMap<Long, Bucket> lateHour = new TreeMap<>();
        private final TreeMap<Long, Bucket> lateDay = new TreeMap<>();
        private long firstSeenMillis = Long.MAX_VALUE;
        private long lastSeenMillis = Long.MIN_VALUE;
        // Bounds of the minute buckets ever added, so a fold skips the hours outside them without a tree lookup.
        private long firstMinuteMillis = Long.MAX_VALUE;
        private long lastMinuteMillis = Long.MIN_VALUE;
        private long version;
        // Merged runs of clean hourly rollups, keyed by [first hour, end): a dashboard or an alert asks
        // for the same sliding day again and again, and all but its edges are the same hours. Cleared
        // whenever a rollup of this series, or the set of clean hours, changes.
        private final java.util.concurrent.ConcurrentHashMap<Long, Bucket> spans = new java.util.concurrent.ConcurrentHashMap<>();
        // Merged 10-minute blocks of minute buckets, for the parts of a range no clean rollup covers (its edges,
        // the current hour): a sliding range asks for the same closed blocks again and again. A block is
        // dropped when a minute record for it arrives, so only the block being written is ever re-merged.
        // The merge of the block-aligned inside of a long range (whole blocks, hours, days), keyed by its start: a
        // range asked for again within 10 minutes reads one bucket plus its edge minutes. Dropped when data
        // for any part of it is added, or the set of clean rollups changes.
        private final java.util.concurrent.ConcurrentHashMap<Long, CachedRange> ranges = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.ConcurrentHashMap<Long, CachedBlock> blocks = new java.util.concurrent.ConcurrentHashMap<>();

        Series(SeriesKey key, StoreIndex owner) {
            this.key = key;
            this.owner = owner;
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

        /**
         * The buckets of resolution {@code r}. For minutes this is every minute bucket, so it needs every hour's
         * minute lines loaded: prefer {@link #minutes(long, long)}, which needs only those of its range.
         */
        public NavigableMap<Long, Bucket> buckets(Resolution r) {
            if (r == Resolution.MINUTE && !owner.unloadedHours.isEmpty()) {
                throw new MinutesNotLoaded(MinutesNotLoaded.ALL);
            }
            return Collections.unmodifiableNavigableMap(buckets.get(r));
        }

        /** The minute buckets starting in {@code [fromMillis, toMillis)}. */
        public NavigableMap<Long, Bucket> minutes(long fromMillis, long toMillis) {
            if (fromMillis >= toMillis) {
                return Collections.emptyNavigableMap();
            }
            owner.requireMinutes(fromMillis, toMillis);
            return Collections.unmodifiableNavigableMap(buckets.get(Resolution.MINUTE).subMap(fromMillis, true, toMillis, false));
        }

        /** Start of the first minute holding calls of this series, or Long.MAX_VALUE if none. */
        public long firstMinuteMillis() {
            owner.requireMinuteBounds();
            return firstMinuteMillis;
        }

        /** Start of the last minute holding calls of this series, or Long.MIN_VALUE if none. */
        public long lastMinuteMillis() {
            owner.requireMinuteBounds();
            return lastMinuteMillis;
        }

        /**
         * The minute data of the hour or day starting at {@code start} that its rollup ({@code r}) does
         * not hold, or null when there is none (or no rollup naming its sources).
         */
        public Bucket late(Resolution r, long start) {
            return switch (r) {
                case HOUR -> lateHour.get(start);
                case DAY -> lateDay.get(start);
                case MINUTE -> null;
            };
        }
    }

    private static final class EnumMapOfBuckets {
        private final List<TreeMap<Long, Bucket>> byResolution =
                List.of(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

        TreeMap<Long, Bucket> get(Resolution r) {
            return byResolution.get(r.ordinal());
        }
    }

    private Series seriesOf(SeriesKey key) {
        Series s = series.get(key);
        if (s == null) {
            s = new Series(key, this);
            series.put(key, s);
            (key.isToolCall() ? toolSeries : operationSeries).add(s);
        }
        return s;
    }

    void add(CallRecord r) {
        add(r, null);
    }

    /**
     * Adds a record read from a file; {@code sourceId} is the {@link SourceIds id} of the consolidated
     * minute file it came from, null for a plain minute file or a rollup. The rollups of the store must
     * have been added before any minute record of their hour or day.
     */
    void add(CallRecord r, String sourceId) {
        Series s = seriesOf(r.key());
        long start = r.resolution().floor(r.startMillis());
        if (r.resolution() != Resolution.MINUTE || hourHeaders.containsKey(Resolution.HOUR.floor(start))) {
            s.spans.clear(); // a rollup changed, or late data for a rolled-up hour
        }
        long end = start + r.resolution().millis();
        s.ranges.values().removeIf(c -> c.from < end && start < c.to);
        s.buckets.get(r.resolution()).computeIfAbsent(start, Bucket::new).add(r);
        s.version = VERSIONS.incrementAndGet();
        s.firstSeenMillis = Math.min(s.firstSeenMillis, start);
        s.lastSeenMillis = Math.max(s.lastSeenMillis, start + r.resolution().millis());
        if (r.resolution() == Resolution.MINUTE) {
            s.blocks.remove(start - Math.floorMod(start, BLOCK_MILLIS));
            s.firstMinuteMillis = Math.min(s.firstMinuteMillis, start);
            s.lastMinuteMillis = Math.max(s.lastMinuteMillis, start);
            long hour = Resolution.HOUR.floor(start);
            minuteCallsByHour.merge(hour, r.totalCalls(), Long::sum);
            if (summarisedHours.contains(hour)) {
                HourAggregate a = s.hours.computeIfAbsent(hour, HourAggregate::new);
                a.add(r, start, start);
                a.addToSlice(r);
            }
            if (sourceId != null) {
                callsBySource.merge(sourceId, r.totalCalls(), Long::sum);
                sourcesByHour.computeIfAbsent(hour, h -> new HashSet<>()).add(sourceId);
                hoursBySource.computeIfAbsent(sourceId, x -> new HashSet<>()).add(hour);
            }
            addIfLate(s, r, start, sourceId);
        }
    }

    /** Keeps minute data (a minute record, or a summary's hour of one plain file) beside the rollups that do not hold it. */
    private void addIfLate(Series s, CallRecord r, long start, String sourceId) {
        long hour = Resolution.HOUR.floor(start);
        String late = sourceId == null ? "" : sourceId;
        Set<String> inHour = hourSources.get(hour);
        if (inHour != null && !SourceIds.covers(inHour, late)) {
            s.lateHour.computeIfAbsent(hour, Bucket::new).add(r);
            lateSourcesByHour.computeIfAbsent(hour, h -> new HashSet<>()).add(late);
        }
        long day = Resolution.DAY.floor(start);
        Set<String> inDay = daySources.get(day);
        if (inDay != null && !SourceIds.covers(inDay, late)) {
            s.lateDay.computeIfAbsent(day, Bucket::new).add(r);
            lateSourcesByDay.computeIfAbsent(day, d -> new HashSet<>()).add(late);
        }
    }
    /**
     * Adds one series line of a minute file's summary of {@code hour}: its calls count as minute data of the
     * hour (for rollup cleanliness and everything else) and are answered from the hour aggregate; the
     * minute lines they stand for are not loaded ({@link #addDeferred} adds them later).
     */
    void addSummary(long hour, RecordCodec.SummaryLine line) {
        if (summarisedHours.add(hour)) {
            seedHourAggregates(hour);
        }
        deferMinutes(hour, line.lastMinuteMillis() + Resolution.MINUTE.millis());
        if (!withoutSlices.contains(hour)) {
            slicesUnloaded.add(hour); // its summary may have slices beside it: seen when they are first needed
        }
        CallRecord r = line.hour();
        Series s = seriesOf(r.key());
        s.hours.computeIfAbsent(hour, HourAggregate::new).add(r, line.firstMinuteMillis(), line.lastMinuteMillis());
        if (hourHeaders.containsKey(hour)) {
            s.spans.clear();
        }
        long end = hour + Resolution.HOUR.millis();
        s.ranges.values().removeIf(c -> c.from < end && hour < c.to);
        s.version = VERSIONS.incrementAndGet();
        s.firstSeenMillis = Math.min(s.firstSeenMillis, line.firstMinuteMillis());
        s.lastSeenMillis = Math.max(s.lastSeenMillis, line.lastMinuteMillis() + Resolution.MINUTE.millis());
        s.firstMinuteMillis = Math.min(s.firstMinuteMillis, line.firstMinuteMillis());
        s.lastMinuteMillis = Math.max(s.lastMinuteMillis, line.lastMinuteMillis());
        minuteCallsByHour.merge(hour, r.totalCalls(), Long::sum);
        addIfLate(s, r, hour, null); // summaries are of plain minute files, which no rollup names
    }

    /** The minute lines read directly in an hour that becomes summarised go into its hour aggregates. */
    private void seedHourAggregates(long hour) {
        long end = hour + Resolution.HOUR.millis();
        for (Series s : series.values()) {
            for (Bucket b : s.buckets.get(Resolution.MINUTE).subMap(hour, true, end, false).values()) {
                HourAggregate a = s.hours.computeIfAbsent(hour, HourAggregate::new);
                CallRecord r = b.toUncappedRecord(Resolution.MINUTE, s.key());
                a.add(r, b.startMillis(), b.startMillis());
                a.addToSlice(r);
            }
        }
    }

    /**
     * Adds a minute line that a summary already counted (its calls are in the hour aggregate and in the
     * hour's minute calls): only the minute bucket gets it.
     */
    void addDeferred(CallRecord r) {
        Series s = seriesOf(r.key());
        long start = Resolution.MINUTE.floor(r.startMillis());
        long end = start + Resolution.MINUTE.millis();
        s.ranges.values().removeIf(c -> c.from < end && start < c.to);
        s.buckets.get(Resolution.MINUTE).computeIfAbsent(start, Bucket::new).add(r);
        s.blocks.remove(start - Math.floorMod(start, BLOCK_MILLIS));
        s.version = VERSIONS.incrementAndGet();
    }

    /** Says that minute lines of {@code hour} before {@code loadedFrom} are not loaded (only their summary is). */
    private void deferMinutes(long hour, long loadedFrom) {
        unloadedHours.merge(hour, minuteMask(hour, loadedFrom, hour + Resolution.HOUR.millis()), (a, b) -> a & b);
    }

    /**
     * Says that every summarised or deferred minute line of {@code hour} starting in {@code [fromMillis, toMillis)}
     * is now in the minute buckets, and every consolidated file of the hour whole.
     */
    void markLoaded(long hour, long fromMillis, long toMillis) {
        consolidatedUnloadedHours.remove(hour);
        Long before = unloadedHours.get(hour);
        if (before == null) {
            return;
        }
        long loaded = before | minuteMask(hour, fromMillis, toMillis);
        if (loaded == ALL_MINUTES) {
            unloadedHours.remove(hour);
        } else {
            unloadedHours.put(hour, loaded);
        }
    }

    /** The minutes of {@code hour} that are loaded, as a {@link #minuteMask}. */
    long loadedMinutes(long hour) {
        return unloadedHours.getOrDefault(hour, ALL_MINUTES);
    }

    /** The minute of {@code hour} from which on all its minutes are loaded ({@code hour} itself when all are). */
    long loadedFrom(long hour) {
        long notLoaded = ~loadedMinutes(hour) & ALL_MINUTES;
        return hour + (64 - Long.numberOfLeadingZeros(notLoaded)) * Resolution.MINUTE.millis();
    }

    /** Whether {@code hour}'s summaries have slices not loaded yet. */
    boolean slicesUnloaded(long hour) {
        return slicesUnloaded.contains(hour);
    }

    /** Adds a slice of a summary of {@code hour} (its calls are counted already, through the summary). */
    void addSlice(long hour, CallRecord slice) {
        HourAggregate a = seriesOf(slice.key()).hours.get(hour);
        if (a == null) {
            slicesUnavailable(hour); // not a series of the hour's summaries: not what was read at open
            return;
        }
        a.addToSlice(slice);
    }

    /** Says that every summary of {@code hour} has had its slices added ({@link #addSlices}). */
    void slicesLoaded(long hour) {
        slicesUnloaded.remove(hour);
    }

    /** Says that {@code hour} cannot be answered from slices: part of it is answered from its minutes. */
    void slicesUnavailable(long hour) {
        withoutSlices.add(hour);
        slicesUnloaded.remove(hour);
    }

    /**
     * Whether the consolidated minute file {@code sourceId} of {@code hour} may be left unread until a
     * question needs minutes of its hour: the hour's rollup names it, and so does its day's rollup if
     * there is one. Its calls are then all in those rollups, and none of them would be kept beside them
     * ({@link Series#late}), so every answer that reads the rollups is the same without the file.
     */
    boolean rollupsName(long hour, String sourceId) {
        Set<String> inHour = hourSources.get(hour);
        if (sourceId == null || inHour == null || !SourceIds.covers(inHour, sourceId)) {
            return false;
        }
        long day = Resolution.DAY.floor(hour);
        if (!dayHeaders.containsKey(day)) {
            return true;
        }
        Set<String> inDay = daySources.get(day);
        return inDay != null && SourceIds.covers(inDay, sourceId);
    }

    /** Says that a consolidated minute file of {@code hour} that {@link #rollupsName} names is left unread for now. */
    void deferConsolidated(long hour) {
        deferMinutes(hour, hour + Resolution.HOUR.millis());
        consolidatedUnloadedHours.add(hour);
    }

    /**
     * Whether {@link Series#firstMinuteMillis()} and {@link Series#lastMinuteMillis()} answer without
     * loading minute lines (otherwise asking for them loads every hour not loaded yet).
     */
    public boolean minuteBoundsKnown() {
        return consolidatedUnloadedHours.isEmpty();
    }

    /** @throws MinutesNotLoaded if the first or last minute of a series may lie in a file not read yet */
    private void requireMinuteBounds() {
        if (!consolidatedUnloadedHours.isEmpty()) {
            throw new MinutesNotLoaded(MinutesNotLoaded.ALL);
        }
    }

    /** Hours whose summarised minute lines are not loaded yet. */
    Set<Long> unloadedHours() {
        return Collections.unmodifiableSet(unloadedHours.keySet());
    }

    /** @throws MinutesNotLoaded if an hour overlapping {@code [from, to)} has minute lines not loaded */
    void requireMinutes(long from, long to) {
        if (unloadedHours.isEmpty()) {
            return;
        }
        if (to - from > 48 * Resolution.HOUR.millis()) { // a long range: look at the unloaded hours instead
            for (Map.Entry<Long, Long> u : unloadedHours.entrySet()) {
                requireMinutes(u.getKey(), u.getValue(), from, to);
            }
            return;
        }
        for (long h = Resolution.HOUR.floor(from); h < to; h += Resolution.HOUR.millis()) {
            Long loaded = unloadedHours.get(h);
            if (loaded != null) {
                requireMinutes(h, loaded, from, to);
            }
        }
    }

    /** @throws MinutesNotLoaded if a minute of {@code hour} starting in {@code [from, to)} is not in {@code loaded} */
    private static void requireMinutes(long hour, long loaded, long from, long to) {
        long end = hour + Resolution.HOUR.millis();
        if (end <= from || hour >= to) {
            return;
        }
        if ((minuteMask(hour, from, to) & ~loaded) != 0) {
            throw new MinutesNotLoaded(hour, Math.max(hour, Resolution.MINUTE.floor(from)), Math.min(end, to), false);
        }
    }


    void add(ProcessRecord p) {
        processes.add(p);
    }

    void add(RecordCodec.RollupHeader h) {
        (h.resolution() == Resolution.HOUR ? hourHeaders : dayHeaders).put(h.startMillis(), h);
        if (h.sources() != null) {
            (h.resolution() == Resolution.HOUR ? hourSources : daySources).put(h.startMillis(), new HashSet<>(h.sources()));
        }
    }

    /** The rollup header of the hour or day at {@code start}, or null. */
    RecordCodec.RollupHeader header(Resolution r, long start) {
        return (r == Resolution.HOUR ? hourHeaders : dayHeaders).get(start);
    }

    /** Ids of the consolidated minute files holding calls of the hour at {@code hourStart}. */
    Set<String> sourcesOfHour(long hourStart) {
        return sourcesByHour.getOrDefault(hourStart, Set.of());
    }

    /** The calls the consolidated minute file {@code sourceId} holds. */
    long callsOf(String sourceId) {
        return callsBySource.getOrDefault(sourceId, 0L);
    }

    /** The hours whose calls the consolidated minute file {@code sourceId} holds. */
    Set<Long> hoursOf(String sourceId) {
        return hoursBySource.getOrDefault(sourceId, Set.of());
    }

    /**
     * Ids of the files with minute data of the hour or day at {@code start} that its rollup does not
     * hold ({@code ""} stands for plain minute files); empty when there are none.
     */
    Set<String> lateSources(Resolution r, long start) {
        return (r == Resolution.HOUR ? lateSourcesByHour : lateSourcesByDay).getOrDefault(start, Set.of());
    }

    void recomputeCleanRollups() {
        Set<Long> hours = new HashSet<>();
        for (var e : hourHeaders.entrySet()) {
            if (e.getValue().sources() != null) {
                hours.add(e.getKey()); // late data is added beside it, never a reason to bypass it
                continue;
            }
            Long minuteCalls = minuteCallsByHour.get(e.getKey());
            // Fewer minute calls than the rollup holds: retention or damage took some minute data, and the
            // rollup is the better record. More: calls arrived after it was written, and it is stale.
            if (minuteCalls == null || minuteCalls <= e.getValue().sourceCalls()) {
                hours.add(e.getKey());
            }
        }
        if (!hours.equals(cleanHours)) {
            series.values().forEach(x -> {
                x.spans.clear();
                x.ranges.clear();
            });
        }
        cleanHours = hours;
        Set<Long> days = new HashSet<>();
        for (var e : dayHeaders.entrySet()) {
            if (e.getValue().sources() != null) {
                days.add(e.getKey());
                continue;
            }
            // Once retention has removed every finer bucket, the day rollup is all there is.
            if (!hasFinerData(e.getKey()) || callsBelow(Resolution.DAY, e.getKey()) <= e.getValue().sourceCalls()) {
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

    /**
     * The tools/call series, in no particular order: what every answer about tools reads. Series of other
     * methods ({@code resources/read}, {@code prompts/get}, ...) are in {@link #allSeries()} only.
     */
    public java.util.Collection<Series> series() {
        return Collections.unmodifiableCollection(toolSeries);
    }

    /** Every series, of every method, in no particular order. */
    public java.util.Collection<Series> allSeries() {
        return Collections.unmodifiableCollection(series.values());
    }

    /** The series of methods other than tools/call, in no particular order. */
    public java.util.Collection<Series> operationSeries() {
        return Collections.unmodifiableCollection(operationSeries);
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
        for (Bucket b : s.lateHour.subMap(from, true, end, false).values()) {
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
        long tick = coarsest == Resolution.MINUTE ? 0 : foldTicks.incrementAndGet();
        if (coarsest != Resolution.MINUTE) {
            long inner = Math.floorMod(-fromMillis, BLOCK_MILLIS) + fromMillis; // first block boundary >= from
            long innerEnd = toMillis - Math.floorMod(toMillis, BLOCK_MILLIS);
            if (innerEnd - inner >= MIN_CACHED_RANGE_MILLIS) {
                foldRange(s, fromMillis, inner, coarsest, tick, visitor);
                Bucket merged = range(s, inner, innerEnd, coarsest, tick);
                if (merged.totalCalls() > 0) {
                    visitor.accept(merged);
                }
                foldRange(s, innerEnd, toMillis, coarsest, tick, visitor);
                return;
            }
        }
        foldRange(s, fromMillis, toMillis, coarsest, tick, visitor);
    }

    /** The merge of everything {@link #foldRange} visits in [from, to) (block-aligned), cached per series. */
    private Bucket range(Series s, long from, long to, Resolution coarsest, long tick) {
        CachedRange cached = s.ranges.get(from);
        if (cached != null && cached.to == to) {
            return cached.bucket;
        }
        Bucket merged = new Bucket(from);
        foldRange(s, from, to, coarsest, tick, b -> merged.add(b.toRecord(Resolution.HOUR, s.key())));
        merged.histogram(); // merge now, once
        if (s.ranges.size() >= MAX_RANGES_PER_SERIES) {
            s.ranges.clear();
        }
        s.ranges.put(from, new CachedRange(from, to, merged));
        return merged;
    }

    private void foldRange(Series s, long fromMillis, long toMillis, Resolution coarsest, long tick,
                           Consumer<Bucket> visitor) {
        long t = fromMillis;
        while (t < toMillis) {
            if (coarsest == Resolution.DAY && t % Resolution.DAY.millis() == 0
                    && t + Resolution.DAY.millis() <= toMillis && cleanDays.contains(t)) {
                Bucket b = s.buckets.get(Resolution.DAY).get(t);
                if (b != null) {
                    visitor.accept(b);
                }
                Bucket late = s.lateDay.get(t);
                if (late != null) {
                    visitor.accept(late);
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
                    Bucket late = s.lateHour.get(t);
                    if (late != null) {
                        visitor.accept(late);
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
            long hour = Resolution.HOUR.floor(t);
            long next = Math.min(toMillis, hour + Resolution.HOUR.millis());
            if (consolidatedUnloadedHours.contains(hour)) {
                // a file of it is not read: neither its calls nor its minute bounds are known here
                throw new MinutesNotLoaded(hour);
            }
            if (coarsest != Resolution.MINUTE && summarisedHours.contains(hour)) {
                // every call of the series in this hour is in its aggregate: answer from it when all of them
                // lie inside the range (a whole hour, or the data of an edge hour all within the range)
                HourAggregate a = s.hours.get(hour);
                if (a == null || a.lastMinute < t || a.firstMinute >= next) {
                    t = next; // no call of the series in this part of the hour
                    continue;
                }
                if (a.firstMinute >= t && a.lastMinute < next) {
                    visitor.accept(a.bucket);
                    t = next;
                    continue;
                }
                if (foldSlices(s, a, hour, t, next, tick, visitor)) {
                    t = next;
                    continue;
                }
            }
            if (s.firstMinuteMillis < next && s.lastMinuteMillis >= t) { // else no minute data in [t, next)
                Long loaded = unloadedHours.get(hour);
                if (loaded != null) {
                    requireMinutes(hour, loaded, t, next);
                }
                if (coarsest == Resolution.MINUTE) {
                    visitMinutes(s, t, next, visitor);
                } else {
                    foldMinutes(s, t, next, tick, visitor);
                }
            }
            t = next;
        }
    }

    /**
     * Visits the calls of {@code a} (a summarised hour of {@code s}) in {@code [t, next)} through its 10-minute
     * slices where whole ones lie in the range, and minute buckets at its ends, when the minutes of the range are
     * not all loaded and the hour's slices answer: then only the minutes at the ends are loaded, not the whole part
     * of the hour. A slice holds the same calls as the 10-minute block of minutes it stands for. False, visiting
     * nothing, to read the part from its minutes.
     */
    private boolean foldSlices(Series s, HourAggregate a, long hour, long t, long next, long tick, Consumer<Bucket> visitor) {
        long first = Math.floorMod(-t, BLOCK_MILLIS) + t; // the first slice boundary >= t
        long end = next - Math.floorMod(next, BLOCK_MILLIS);
        if (first >= end || withoutSlices.contains(hour)
                || (minuteMask(hour, t, next) & ~loadedMinutes(hour)) == 0) {
            return false; // no whole slice in the range, no slices, or every minute of the range is there already
        }
        if (slicesUnloaded.contains(hour)) {
            throw new MinutesNotLoaded(hour, t, next, true);
        }
        Long loaded = unloadedHours.get(hour);
        if (loaded != null) { // the minutes at the ends where the series has calls
            requireMinutes(hour, loaded, Math.max(t, a.firstMinute), first);
            requireMinutes(hour, loaded, end, Math.min(next, a.lastMinute + Resolution.MINUTE.millis()));
        }
        foldMinutes(s, t, first, tick, visitor);
        for (long b = first; b < end; b += BLOCK_MILLIS) {
            Bucket slice = a.slices[(int) ((b - hour) / BLOCK_MILLIS)];
            if (slice != null && slice.totalCalls() > 0) {
                visitor.accept(slice);
            }
        }
        foldMinutes(s, end, next, tick, visitor);
        return true;
    }

    private static void visitMinutes(Series s, long from, long to, Consumer<Bucket> visitor) {
        for (Bucket b : s.buckets.get(Resolution.MINUTE).subMap(from, true, to, false).values()) {
            visitor.accept(b);
        }
    }

    /**
     * Minute data in [from, to), as merged 10-minute blocks where whole ones fit and single minutes
     * elsewhere. A block not cached yet is merged and cached unless the series' cache is full of blocks
     * this same fold ({@code tick}) already used; then its minutes are visited one by one, so a long range over minute
     * data never costs more than reading its minutes.
     */
    private static void foldMinutes(Series s, long from, long to, long tick, Consumer<Bucket> visitor) {
        Iterator<Map.Entry<Long, Bucket>> it = s.buckets.get(Resolution.MINUTE).subMap(from, true, to, false)
                .entrySet().iterator();
        Map.Entry<Long, Bucket> e = it.hasNext() ? it.next() : null;
        long refused = Long.MIN_VALUE; // a block that could not be merged: read its minutes one by one
        while (e != null) {
            long blockStart = e.getKey() - Math.floorMod(e.getKey(), BLOCK_MILLIS);
            long blockEnd = blockStart + BLOCK_MILLIS;
            Bucket merged = null;
            if (blockStart != refused && blockStart >= from && blockEnd <= to) {
                merged = block(s, blockStart, tick);
                if (merged == null) {
                    refused = blockStart;
                }
            }
            if (merged != null) {
                visitor.accept(merged);
                do {
                    e = it.hasNext() ? it.next() : null;
                } while (e != null && e.getKey() < blockEnd);
            } else {
                visitor.accept(e.getValue());
                e = it.hasNext() ? it.next() : null;
            }
        }
    }

    /** The merge of the minute buckets of {@code s} in the block at {@code start}, cached; null to read the minutes. */
    private static Bucket block(Series s, long start, long tick) {
        CachedBlock cached = s.blocks.get(start);
        if (cached != null) {
            cached.lastUsed = tick;
            return cached.bucket;
        }
        Collection<Bucket> minutes = s.buckets.get(Resolution.MINUTE).subMap(start, true, start + BLOCK_MILLIS, false)
                .values();
        if (minutes.size() < 2 || (s.blocks.size() >= MAX_BLOCKS_PER_SERIES && !evictUnused(s, tick))) {
            return null;
        }
        Bucket merged = new Bucket(start);
        for (Bucket b : minutes) {
            merged.add(b.toRecord(Resolution.MINUTE, s.key()));
        }
        merged.histogram(); // merge now, once
        s.blocks.put(start, new CachedBlock(merged, tick));
        return merged;
    }

    /** Drops the least recently used half of the blocks not used by fold {@code tick}; false if there are none. */
    private static boolean evictUnused(Series s, long tick) {
        List<Map.Entry<Long, CachedBlock>> unused = new ArrayList<>();
        for (Map.Entry<Long, CachedBlock> e : s.blocks.entrySet()) {
            if (e.getValue().lastUsed != tick) {
                unused.add(e);
            }
        }
        if (unused.isEmpty()) {
            return false;
        }
        unused.sort(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(b -> b.lastUsed)));
        for (Map.Entry<Long, CachedBlock> e : unused.subList(0, Math.max(1, unused.size() / 2))) {
            s.blocks.remove(e.getKey(), e.getValue());
        }
        return true;
    }

    /** The merge of a range's inside, [from, to). */
    private record CachedRange(long from, long to, Bucket bucket) {
    }

    /** A merged block and the fold that last read it. */
    private static final class CachedBlock {
        final Bucket bucket;
        volatile long lastUsed;

        CachedBlock(Bucket bucket, long lastUsed) {
            this.bucket = bucket;
            this.lastUsed = lastUsed;
        }
    }
}
