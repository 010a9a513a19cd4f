package io.mcpmonitor.prometheus.exposition;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.SeriesKey;
import io.mcpmonitor.core.store.StoreIndex;
import io.mcpmonitor.core.store.StoreReader;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store's series as Prometheus metrics: per server and tool, cumulative call counters by outcome
 * and the latency histogram over everything the store holds (classic buckets at the semconv's
 * boundaries and a native histogram), plus the latest process sample of each server.
 *
 * <p>Counters are the store's exact counts: Prometheus' {@code rate()} over them equals the store's
 * calls per interval. When retention drops old data they go down, which Prometheus reads as a
 * counter reset, as it does for a restarted process.
 *
 * <p>A classic bucket {@code le} counts the values whose HdrHistogram bucket's highest value (what the
 * store reports as a percentile) is at most {@code le}; the store's histograms have 2 significant
 * digits, so this differs from the raw durations by at most 1 %.
 *
 * <p>Thread-safe: scrapes may run concurrently. Per series, the totals are recomputed only when the
 * series changed since the last scrape.
 */
public final class StoreMetrics {

    /** A process sample older than this is not exported: its process has stopped, or stopped sampling. */
    static final long PROCESS_STALE_MILLIS = 5 * 60_000L;

    private final StoreReader reader;
    private final SeriesCap cap;
    private final java.util.function.LongSupplier clock;
    private final Map<SeriesKey, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long version, SeriesTotal total) {
    }

    /** The data points of one series' total. */
    private record Points(HistogramSnapshot.HistogramDataPointSnapshot histogram,
                          List<CounterSnapshot.CounterDataPointSnapshot> calls,
                          GaugeSnapshot.GaugeDataPointSnapshot firstSeen, GaugeSnapshot.GaugeDataPointSnapshot lastSeen) {
    }

    /** The points of a total, kept while the total is the same object (one per series version): a scrape rebuilds only what changed. */
    private final Map<SeriesTotal, Points> points =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * @param clock epoch milliseconds now (for the staleness of process samples)
     */
    public StoreMetrics(StoreReader reader, SeriesCap cap, java.util.function.LongSupplier clock) {
        this.reader = reader;
        this.cap = cap;
        this.clock = clock;
    }

    /** Reads what is new on disk, then the metrics of every series. */
    public MetricSnapshots collect() {
        reader.refresh();
        return collectWithoutRefresh();
    }

    /** The metrics of every series as the reader last read them (for a reader another part keeps fresh). */
    public MetricSnapshots collectWithoutRefresh() {
        return reader.read(this::snapshot);
    }

    private MetricSnapshots snapshot(StoreIndex ix) {
        Map<String, List<Map.Entry<String, SeriesTotal>>> byServer = new TreeMap<>();
        DenseCounts scratch = new DenseCounts();
        for (StoreIndex.Series s : ix.series()) {
            SeriesTotal t = total(ix, s, scratch);
            if (t.totalCalls() > 0) {
                byServer.computeIfAbsent(s.key().server(), k -> new ArrayList<>()).add(Map.entry(s.key().tool(), t));
            }
        }
        HistogramSnapshot.Builder durations = HistogramSnapshot.builder().name(OtelNames.DURATION)
                .help("Duration of MCP tool calls (OpenTelemetry mcp.server.operation.duration), every outcome.");
        CounterSnapshot.Builder calls = CounterSnapshot.builder().name(OtelNames.counterBase(OtelNames.CALLS))
                .help("MCP tool calls by outcome; error_type as OpenTelemetry's error.type.");
        GaugeSnapshot.Builder folded = GaugeSnapshot.builder().name(OtelNames.FOLDED)
                .help("Tool names of a server summed into gen_ai_tool_name=\"other\" by the series cap.");
        GaugeSnapshot.Builder firstSeen = GaugeSnapshot.builder().name(OtelNames.FIRST_SEEN)
                .help("Start of the earliest data of the series in its store, epoch seconds.");
        GaugeSnapshot.Builder lastSeen = GaugeSnapshot.builder().name(OtelNames.LAST_SEEN)
                .help("End of the latest data of the series in its store, epoch seconds.");
        for (var e : byServer.entrySet()) {
            String server = e.getKey();
            List<Map.Entry<String, SeriesTotal>> tools = capped(e.getValue());
            folded.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of(OtelNames.SERVER, server)).value(Math.max(0, e.getValue().size() - cap.maxToolsPerServer())).build());
            for (var tool : tools) {
                Points p = points.computeIfAbsent(tool.getValue(), t -> points(server, tool.getKey(), t));
                durations.dataPoint(p.histogram());
                p.calls().forEach(calls::dataPoint);
                firstSeen.dataPoint(p.firstSeen());
                lastSeen.dataPoint(p.lastSeen());
            }
        }
        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();
        out.add(durations.build());
        out.add(calls.build());
        out.add(folded.build());
        out.add(firstSeen.build());
        out.add(lastSeen.build());
        out.addAll(ProcessGauges.of(ix.processes(), clock.getAsLong() - PROCESS_STALE_MILLIS));
        return new MetricSnapshots(out);
    }

    private static Points points(String server, String tool, SeriesTotal t) {
        Labels labels = Labels.of(OtelNames.METHOD, OtelNames.TOOLS_CALL, OtelNames.TOOL, tool, OtelNames.SERVER, server);
        List<CounterSnapshot.CounterDataPointSnapshot> calls = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            long n = t.counts()[o.ordinal()];
            if (n == 0 && o != Outcome.SUCCESS) {
                continue; // an outcome never seen is absent, as in the store; success is always there
            }
            Labels l = labels.add(OtelNames.OUTCOME, o.wireName());
            if (o.isError()) {
                l = l.add(OtelNames.ERROR_TYPE, OtelNames.errorType(o));
            }
            calls.add(CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(n)
                    .createdTimestampMillis(t.firstSeenMillis()).build());
        }
        Labels seen = Labels.of(OtelNames.TOOL, tool, OtelNames.SERVER, server);
        return new Points(histogram(labels, t), List.copyOf(calls),
                GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(seen).value(t.firstSeenMillis() / 1000.0).build(),
                GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(seen).value(t.lastSeenMillis() / 1000.0).build());
    }

    /** The busiest tools by name, then one {@code other} summing the rest. */
    private List<Map.Entry<String, SeriesTotal>> capped(List<Map.Entry<String, SeriesTotal>> tools) {
        int max = cap.maxToolsPerServer();
        if (tools.size() <= max) {
            return tools;
        }
        tools.sort(Comparator.comparingLong((Map.Entry<String, SeriesTotal> t) -> -t.getValue().totalCalls())
                .thenComparing(Map.Entry::getKey));
        Map<String, SeriesTotal> kept = new HashMap<>();
        SeriesTotal other = SeriesTotal.EMPTY;
        for (int i = 0; i < tools.size(); i++) {
            var t = tools.get(i);
            if (i < max && !t.getKey().equals(OtelNames.OTHER)) {
                kept.put(t.getKey(), t.getValue());
            } else {
                other = other.plus(t.getValue());
            }
        }
        kept.put(OtelNames.OTHER, other);
        return new ArrayList<>(kept.entrySet());
    }

    private SeriesTotal total(StoreIndex ix, StoreIndex.Series s, DenseCounts scratch) {
        Cached c = cache.get(s.key());
        long version = s.version();
        if (c != null && c.version == version) {
            return c.total;
        }
        long[] counts = new long[Outcome.values().length];
        scratch.reset();
        long from = Resolution.DAY.floor(s.firstSeenMillis());
        long to = Resolution.MINUTE.floor(s.lastSeenMillis() + Resolution.MINUTE.millis() - 1);
        ix.fold(s, from, to, Resolution.DAY, b -> {
            for (Outcome o : Outcome.values()) {
                counts[o.ordinal()] += b.count(o);
            }
            scratch.add(b.histogram());
        });
        SeriesTotal t = new SeriesTotal(counts, scratch.toSparse(), s.firstSeenMillis(), s.lastSeenMillis());
        cache.put(s.key(), new Cached(version, t));
        return t;
    }

    private static HistogramSnapshot.HistogramDataPointSnapshot histogram(Labels labels, SeriesTotal t) {
        double[] bounds = OtelNames.BOUNDARIES;
        long[] cumulative = new long[bounds.length + 1];
        long[] zero = {0};
        double[] sum = {0};
        TreeMap<Integer, Long> nativeCounts = new TreeMap<>();
        t.histogram().forEachBucket((highest, median, count) -> {
            double seconds = highest / 1e9;
            for (int i = 0; i < bounds.length; i++) {
                if (seconds <= bounds[i]) {
                    cumulative[i] += count;
                }
            }
            sum[0] += median / 1e9 * count;
            if (seconds <= NativeBuckets.ZERO_THRESHOLD) {
                zero[0] += count;
            } else {
                nativeCounts.merge(NativeBuckets.index(seconds), count, Long::sum);
            }
        });
        long total = t.histogram().totalCount();
        ClassicHistogramBuckets.Builder classic = ClassicHistogramBuckets.builder();
        for (int i = 0; i < bounds.length; i++) {
            classic.bucket(bounds[i], i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1]);
        }
        classic.bucket(Double.POSITIVE_INFINITY, total - cumulative[bounds.length - 1]);
        NativeHistogramBuckets.Builder positive = NativeHistogramBuckets.builder();
        nativeCounts.forEach(positive::bucket);
        return HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
                .classicHistogramBuckets(classic.build())
                .nativeSchema(NativeBuckets.SCHEMA).nativeZeroThreshold(NativeBuckets.ZERO_THRESHOLD)
                .nativeZeroCount(zero[0]).nativeBucketsForPositiveValues(positive.build())
                .sum(sum[0]).createdTimestampMillis(t.firstSeenMillis()).build();
    }
}
