package io.mcpmonitor.core.query;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Bucket;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;
import io.mcpmonitor.core.store.StoreReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers {@link MetricsQuery}s over a {@link StoreReader}: the Java API behind {@code get_metrics}.
 * Histograms are merged before any percentile is read, never averaged, so a value is the same
 * whether minute data or rollups were read, and the summary over many series is exact to the
 * histogram's precision (1 %).
 *
 * <p>Thread-safe: each query takes the reader's read lock and its own scratch histograms.
 */
public final class MetricsQueries {

    private static final int TOP_ERRORS = 10;
    private static final Outcome[] OUTCOMES = Outcome.values();

    private final StoreReader reader;

    public MetricsQueries(StoreReader reader) {
        this.reader = reader;
    }

    /** Refreshes the reader (reads what was appended since) and runs the query. */
    public MetricsResult run(MetricsQuery q) {
        reader.refresh();
        return runWithoutRefresh(q);
    }

    /** Runs the query on what the reader holds now. */
    public MetricsResult runWithoutRefresh(MetricsQuery q) {
        return reader.query(ix -> {
            Accumulator current = new Accumulator();
            List<MetricPoint> points = collect(ix, q, current);
            Accumulator previous = new Accumulator();
            MetricsQuery p = q.previousPeriod();
            collect(ix, p, previous, false);
            Summary now = current.summary();
            Summary before = previous.summary();
            long since = dataSinceMillis(ix, q);
            Instant dataSince = since == Long.MAX_VALUE ? null : Instant.ofEpochMilli(since);
            return new MetricsResult(q, points, now, Trend.compare(p.start(), p.end(), now, before, dataSince), dataSince);
        });
    }

    /**
     * The calling clients of {@code q}'s tool calls over its range (its server and tool filters; its method, tools/call
     * by default), each with its calls and failed calls, most calls first: the "top clients" of reports and the
     * dashboard. Refreshes nothing: it reads what the reader holds.
     */
    public List<ClientTotal> clientTotals(MetricsQuery q) {
        return reader.query(ix -> {
            long from = q.effectiveStart().toEpochMilli();
            long to = q.effectiveEnd().toEpochMilli();
            return ClientPoints.totals(ix, matching(ix, q, from, to), from, to);
        });
    }

    /** When the oldest data of the series matching {@code q}'s filters begins (any time), or MAX_VALUE. */
    private static long dataSinceMillis(StoreIndex ix, MetricsQuery q) {
        long since = Long.MAX_VALUE;
        for (StoreIndex.Series s : seriesOf(ix, q)) {
            if (matchesFilters(q, s)) {
                since = Math.min(since, s.firstSeenMillis());
            }
        }
        return since;
    }

    /** The series of {@code q}'s method, server and tool, whatever their time. */
    private static boolean matchesFilters(MetricsQuery q, StoreIndex.Series s) {
        return q.readsMethod(s.key().method()) && (q.server() == null || q.server().equals(s.key().server()))
                && (q.tool() == null || q.tool().equals(s.key().tool()));
    }

    /** The series matching {@code q}'s filters with data in [{@code from}, {@code to}); a new, mutable list. */
    private static List<StoreIndex.Series> matching(StoreIndex ix, MetricsQuery q, long from, long to) {
        List<StoreIndex.Series> matching = new ArrayList<>();
        for (StoreIndex.Series s : seriesOf(ix, q)) {
            if (matchesFilters(q, s) && s.lastSeenMillis() > from && s.firstSeenMillis() < to) {
                matching.add(s);
            }
        }
        return matching;
    }

    private static List<MetricPoint> collect(StoreIndex ix, MetricsQuery q, Accumulator total) {
        return collect(ix, q, total, true);
    }

    private static List<MetricPoint> collect(StoreIndex ix, MetricsQuery q, Accumulator total, boolean wantPoints) {
        long from = q.effectiveStart().toEpochMilli();
        long to = q.effectiveEnd().toEpochMilli();
        List<StoreIndex.Series> matching = matching(ix, q, from, to);
        matching.sort(Comparator.comparing(StoreIndex.Series::key));
        List<MetricPoint> points = new ArrayList<>();
        Accumulator one = new Accumulator();
        if (q.client() != null || q.groupBy() == GroupBy.CLIENT) {
            return ClientPoints.collect(ix, q, matching, from, to, total::addCounts);
        }
        if (q.groupBy() == GroupBy.METHOD) {
            return byMethod(ix, q, matching, from, to, total, wantPoints);
        }
        Resolution groupRes = q.groupBy().resolution();
        for (StoreIndex.Series s : matching) {
            if (!wantPoints) {
                ix.fold(s, from, to, Resolution.DAY, total::add);
                continue;
            }
            // Per point: histogram and counts only; errors go straight to the total, the one place they are read.
            java.util.function.Consumer<Bucket> visit = b -> {
                one.add(b);
                total.addErrors(b);
            };
            if (groupRes == null) {
                one.reset();
                ix.fold(s, from, to, Resolution.DAY, visit);
                emit(points, q, s, from, from, to, one, total);
            } else {
                for (long b = groupRes.floor(from); b < to; b += groupRes.millis()) {
                    long bFrom = Math.max(from, b);
                    long bTo = Math.min(to, b + groupRes.millis());
                    one.reset();
                    ix.fold(s, bFrom, bTo, groupRes, visit);
                    emit(points, q, s, b, bFrom, bTo, one, total);
                }
            }
        }
        if (groupRes != null) {
            points.sort(Comparator.comparing(MetricPoint::timestamp));
        }
        return points;
    }

    /** Tool series only, unless the query reads another method: then every series (filtered by the caller). */
    private static java.util.Collection<StoreIndex.Series> seriesOf(StoreIndex ix, MetricsQuery q) {
        return q.method() == null && q.groupBy() != GroupBy.METHOD ? ix.series() : ix.allSeries();
    }

    /** One point per method over the whole range, every matching series of the method merged (sorted: tools first). */
    private static List<MetricPoint> byMethod(StoreIndex ix, MetricsQuery q, List<StoreIndex.Series> matching, long from,
                                              long to, Accumulator total, boolean wantPoints) {
        Map<String, Accumulator> perMethod = new LinkedHashMap<>();
        for (StoreIndex.Series s : matching) { // sorted by key: tools/call first, then by method name
            Accumulator one = perMethod.computeIfAbsent(s.key().method(), m -> new Accumulator());
            ix.fold(s, from, to, Resolution.DAY, b -> {
                one.add(b);
                total.addErrors(b);
            });
        }
        List<MetricPoint> points = new ArrayList<>();
        perMethod.forEach((method, one) -> {
            if (one.calls == 0) {
                return;
            }
            if (wantPoints) {
                points.add(new MetricPoint(Instant.ofEpochMilli(from), q.server(), q.tool(),
                        one.value(q.aggregation(), to - from), one.calls, Instant.ofEpochMilli(from),
                        Instant.ofEpochMilli(to), null, method));
            }
            total.merge(one);
        });
        return points;
    }

    /** A point of bucket {@code at} covering [{@code from}, {@code to}), if it had calls. */
    private static void emit(List<MetricPoint> points, MetricsQuery q, StoreIndex.Series s, long at, long from, long to,
                             Accumulator one, Accumulator total) {
        if (one.calls == 0) {
            return;
        }
        points.add(new MetricPoint(Instant.ofEpochMilli(at), s.key().server(), s.key().tool(),
                one.value(q.aggregation(), to - from), one.calls, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), null,
                s.key().method()));
        total.merge(one);
    }

    static double round(double d) {
        return Math.round(d * 1000.0) / 1000.0;
    }

    /** Merged histogram, outcome counts and errors of whatever was added. Not thread-safe. */
    private static final class Accumulator {
        private final DenseCounts histogram = new DenseCounts();
        private final DenseCounts sizes = new DenseCounts();
        private long sizeTotalBytes;
        private long sizeMaxBytes;
        private final long[] counts = new long[Outcome.values().length];
        private final Map<String, ErrorCount> errors = new LinkedHashMap<>();
        private long calls;
        // Calls known only by count (a query by client): no durations or outcomes to read.
        private boolean countsOnly;
        // Durations summed exactly over the buckets that carry a sum, and the calls of those that do not.
        private long exactSumNanos;
        private long callsWithoutSum;

        void reset() {
            exactSumNanos = 0;
            callsWithoutSum = 0;
            histogram.reset();
            sizes.reset();
            sizeTotalBytes = 0;
            sizeMaxBytes = 0;
            java.util.Arrays.fill(counts, 0);
            errors.clear();
            calls = 0;
        }

        /** Histogram and counts of {@code b}; errors are added separately ({@link #addErrors}). */
        void add(Bucket b) {
            b.histogram().addTo(histogram);
            io.mcpmonitor.core.store.ResultSizes rs = b.resultSizes();
            if (!rs.isEmpty()) {
                rs.histogram().addTo(sizes);
                sizeTotalBytes += rs.totalBytes();
                sizeMaxBytes = Math.max(sizeMaxBytes, rs.maxBytes());
            }
            for (Outcome o : OUTCOMES) {
                counts[o.ordinal()] += b.count(o);
            }
            calls += b.totalCalls();
            if (b.hasExactSum()) {
                exactSumNanos += b.sumNanos();
            } else {
                callsWithoutSum += b.totalCalls();
            }
        }

        /** Calls only, without durations: what a query by client knows. */
        void addCounts(long n) {
            calls += n;
            countsOnly = true;
        }

        void addErrors(Bucket b) {
            b.forEachError((key, e) -> errors.merge(key, e, ErrorCount::plus));
        }

        void merge(Accumulator other) {
            histogram.add(other.histogram);
            sizes.add(other.sizes);
            sizeTotalBytes += other.sizeTotalBytes;
            sizeMaxBytes = Math.max(sizeMaxBytes, other.sizeMaxBytes);
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
            calls += other.calls;
            exactSumNanos += other.exactSumNanos;
            callsWithoutSum += other.callsWithoutSum;
            other.errors.forEach((key, e) -> errors.merge(key, e, ErrorCount::plus));
        }

        long errorCalls() {
            return calls - counts[Outcome.SUCCESS.ordinal()];
        }

        double value(Aggregation a, long spanMillis) {
            return switch (a) {
                case AVG -> ms(meanNanos());
                case MIN -> ms(histogram.min());
                case MAX -> ms(histogram.max());
                case COUNT -> calls;
                case ERROR_RATE -> errorRate();
                case THROUGHPUT -> round(calls / (spanMillis / 60_000.0));
                case RESULT_SIZE_P50 -> sizePercentile(50);
                case RESULT_SIZE_P95 -> sizePercentile(95);
                case RESULT_SIZE_MAX -> sizes.totalCount() == 0 ? Double.NaN : sizeMaxBytes;
                case RESULT_SIZE_TOTAL -> sizes.totalCount() == 0 ? Double.NaN : sizeTotalBytes;
                default -> ms(histogram.valueAtPercentile(a.percentile()));
            };
        }

        /** A percentile of the result sizes in bytes; no percentile exceeds the exact maximum. */
        private double sizePercentile(double p) {
            return sizes.totalCount() == 0 ? Double.NaN : Math.min(sizes.valueAtPercentile(p), sizeMaxBytes);
        }

        /**
         * The mean duration in nanoseconds: exact from the summed durations; calls of old buckets
         * without a sum count at the histogram's mean.
         */
        double meanNanos() {
            if (calls == 0) {
                return 0;
            }
            double estimated = callsWithoutSum == 0 ? 0 : histogram.mean() * callsWithoutSum;
            return (exactSumNanos + estimated) / calls;
        }

        double errorRate() {
            return calls == 0 ? Double.NaN : round(100.0 * errorCalls() / calls);
        }

        Summary summary() {
            Map<String, Long> byOutcome = new LinkedHashMap<>();
            for (Outcome o : Outcome.values()) {
                if (o.isError() && counts[o.ordinal()] > 0) {
                    byOutcome.put(o.wireName(), counts[o.ordinal()]);
                }
            }
            List<ErrorCount> top = errors.values().stream()
                    .sorted(ErrorCount.MOST_FREQUENT_FIRST).limit(TOP_ERRORS).toList();
            if (calls == 0) {
                return Summary.none(byOutcome, top);
            }
            if (countsOnly) {
                double n = Double.NaN;
                return new Summary(calls, n, n, n, n, n, n, n, byOutcome, top);
            }
            return new Summary(calls, ms(meanNanos()), ms(histogram.valueAtPercentile(50)),
                    ms(histogram.valueAtPercentile(95)), ms(histogram.valueAtPercentile(99)),
                    ms(histogram.min()), ms(histogram.max()), errorRate(), byOutcome, top);
        }

        /** Nanoseconds to milliseconds, kept to the nanosecond so precision is never lost to rounding. */
        private static double ms(double nanos) {
            return Math.round(nanos) / 1_000_000.0;
        }
    }
}
