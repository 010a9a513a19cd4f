package io.mcpmonitor.benchmarks.prometheus;

import io.mcpmonitor.benchmarks.store.BusyReaderBenchmark;
import io.mcpmonitor.benchmarks.store.BusyStore;
import io.mcpmonitor.prometheus.exposition.SeriesCap;
import io.mcpmonitor.prometheus.exposition.StoreMetrics;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

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
public class MetricsEndpointBenchmark extends BusyReaderBenchmark {

    StoreMetrics metrics;
    ExpositionFormats formats;

    @Setup
    public void setUp() throws Exception {
        metrics = new StoreMetrics(reader, SeriesCap.DEFAULT, () -> now);
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
                new StoreMetrics(reader, SeriesCap.DEFAULT, () -> now).collect());
    }
}
