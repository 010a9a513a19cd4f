package io.mcpmonitor.benchmarks.query;

import io.mcpmonitor.benchmarks.store.BusyStore;
import io.mcpmonitor.benchmarks.store.BusyStoreBenchmark;
import io.mcpmonitor.benchmarks.store.BusyWorkload;
import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.GroupBy;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.MetricsResult;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The 24 h {@code get_metrics} over the day-old store of 300 busy series ({@link BusyStore}): minute
 * data for the last 24 h plus the hourly and daily rollups the compactor made. The query ends at
 * {@link BusyStore#NOW} (10:37 UTC), so it reads 22 whole hours from rollups and minute data at both
 * edges, and the previous 24 h for the trend (empty in a day-old store).
 *
 * <ul>
 *   <li>{@code allSeriesP95}: every series, p95, no grouping, on a reader already refreshed
 *       ({@link MetricsQueries#runWithoutRefresh}); target under 10 ms;</li>
 *   <li>{@code oneServerP95}: the same filtered to one server (10 series);</li>
 *   <li>{@code allSeriesP95ByHour}: every series, p95, grouped by hour;</li>
 *   <li>{@code refreshUnchanged}: {@link StoreReader#refresh()} when nothing changed on disk (what
 *       {@link MetricsQueries#run} adds to a warm query);</li>
 *   <li>{@code coldQuery}: a new {@link StoreReader} that reads the whole store, then the query; single
 *       shot, since each one reads ~200 MB of JSON.</li>
 * </ul>
 */
public class MetricsQueryBenchmark extends BusyStoreBenchmark {

    Path directory;
    StoreReader reader;
    MetricsQueries queries;
    MetricsQuery allSeries;
    MetricsQuery oneServer;
    MetricsQuery byHour;

    @Setup
    public void setUp() {
        directory = BusyStore.dayOld();
        Instant end = BusyStore.NOW;
        Instant start = end.minus(BusyStore.SPAN);
        allSeries = MetricsQuery.builder().start(start).end(end).aggregation(Aggregation.P95).groupBy(GroupBy.NONE)
                .build(end);
        oneServer = MetricsQuery.builder().server(BusyWorkload.serverName(7)).start(start).end(end)
                .aggregation(Aggregation.P95).groupBy(GroupBy.NONE).build(end);
        byHour = MetricsQuery.builder().start(start).end(end).aggregation(Aggregation.P95).groupBy(GroupBy.HOUR)
                .build(end);

        System.gc();
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        reader = new StoreReader(Store.at(directory));
        reader.refresh();
        long t1 = System.nanoTime();
        System.gc();
        queries = new MetricsQueries(reader);
        MetricsResult r = queries.runWithoutRefresh(allSeries);
        System.out.printf("%n[setup] first refresh of %s in this JVM: %.1f s, index heap ~%d MB, %s; "
                        + "query: %d points, %d calls, p95 %.3f ms%n", directory, (t1 - t0) / 1e9,
                (usedHeap() - heapBefore) / 1_000_000, reader.stats().lines() + " lines read",
                r.points().size(), r.summary().totalCalls(), r.summary().p95ResponseTime());
        long fromMillis = start.toEpochMilli();
        long toMillis = end.toEpochMilli();
        long[] work = new long[3];
        reader.read(ix -> {
            ix.series().forEach(s -> ix.fold(s, fromMillis, toMillis, Resolution.DAY, b -> {
                work[0]++;
                work[1] += b.histogram().bucketCount();
                work[2] += b.errors().size();
            }));
            return null;
        });
        System.out.printf("[setup] the 24 h all-series query folds %,d buckets holding %,d histogram entries and "
                + "%,d error entries%n", work[0], work[1], work[2]);
    }

    @Benchmark
    public MetricsResult allSeriesP95() {
        return queries.runWithoutRefresh(allSeries);
    }

    @Benchmark
    public MetricsResult oneServerP95() {
        return queries.runWithoutRefresh(oneServer);
    }

    @Benchmark
    public MetricsResult allSeriesP95ByHour() {
        return queries.runWithoutRefresh(byHour);
    }

    @Benchmark
    public void refreshUnchanged() {
        reader.refresh();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public MetricsResult coldQuery() {
        StoreReader fresh = new StoreReader(Store.at(directory));
        return new MetricsQueries(fresh).run(allSeries);
    }
}
