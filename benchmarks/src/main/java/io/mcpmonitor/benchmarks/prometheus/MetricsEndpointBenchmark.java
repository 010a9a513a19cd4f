package io.mcpmonitor.benchmarks.prometheus;

import io.mcpmonitor.benchmarks.store.BusyStore;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import io.mcpmonitor.prometheus.exposition.SeriesCap;
import io.mcpmonitor.prometheus.exposition.StoreMetrics;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A scrape of {@code GET /metrics} over the day-old store of 300 busy series ({@link BusyStore}): collect
 * every series' totals and write them in each format Prometheus may ask for. Target: under 50 ms.
 *
 * <ul>
 *   <li>{@code scrapeText}: collect, then the Prometheus text format (classic buckets);</li>
 *   <li>{@code scrapeProtobuf}: collect, then the protobuf format with native histograms;</li>
 *   <li>{@code scrapeTextFirstTime}: the first scrape after the sidecar starts (no series totals cached).</li>
 * </ul>
 * The body sizes are printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class MetricsEndpointBenchmark {

    StoreReader reader;
    StoreMetrics metrics;
    ExpositionFormats formats;

    @Setup
    public void setUp() throws Exception {
        reader = new StoreReader(Store.at(BusyStore.dayOld()));
        reader.refresh();
        metrics = new StoreMetrics(reader, SeriesCap.DEFAULT, () -> BusyStore.NOW.toEpochMilli());
        formats = ExpositionFormats.init();
        System.out.printf("%n[setup] /metrics: text %d bytes, protobuf %d bytes, %d metric families%n",
                scrapeText(), scrapeProtobuf(), metrics.collect().size());
    }

    private static int write(io.prometheus.metrics.expositionformats.ExpositionFormatWriter w, MetricSnapshots s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        w.write(out, s);
        return out.size();
    }

    @Benchmark
    public int scrapeText() throws Exception {
        return write(formats.getPrometheusTextFormatWriter(), metrics.collect());
    }

    @Benchmark
    public int scrapeProtobuf() throws Exception {
        return write(formats.getPrometheusProtobufWriter(), metrics.collect());
    }

    @Benchmark
    public int scrapeTextFirstTime() throws Exception {
        return write(formats.getPrometheusTextFormatWriter(),
                new StoreMetrics(reader, SeriesCap.DEFAULT, () -> BusyStore.NOW.toEpochMilli()).collect());
    }
}
