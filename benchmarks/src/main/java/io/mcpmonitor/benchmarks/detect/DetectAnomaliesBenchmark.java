package io.mcpmonitor.benchmarks.detect;

import io.mcpmonitor.benchmarks.store.BusyStore;
import io.mcpmonitor.benchmarks.store.BusyStoreBenchmark;
import io.mcpmonitor.benchmarks.store.BusyWorkload;
import io.mcpmonitor.core.detect.AnomalyDetection;
import io.mcpmonitor.core.detect.DetectionMethod;
import io.mcpmonitor.core.detect.DetectionRequest;
import io.mcpmonitor.core.detect.DetectionResult;
import io.mcpmonitor.core.detect.Sensitivity;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code detect_anomalies} over the day-old store of 300 busy series ({@link BusyStore}): 24 h of
 * minute data, the lookback {@code 24h}, method {@code auto}, sensitivity {@code medium}, asked
 * 20 s after {@link BusyStore#NOW} (every minute of the store closed).
 *
 * <ul>
 *   <li>{@code allSeries24h}: every series, on the detection state the sidecar keeps (its background
 *       run has fed every minute once, as it does every five minutes): what a tool call costs;
 *       target under 50 ms. Includes looking at the minutes still open and collecting the anomalies
 *       of the day; the reader is already fresh ({@code refreshUnchanged} of MetricsQueryBenchmark
 *       is what a changed-nothing refresh adds);</li>
 *   <li>{@code oneServer24h}: the same for one server (10 series);</li>
 *   <li>{@code coldStart24h}: a fresh detection that reads and learns all 24 h of the 300 series
 *       (432,000 series-minutes, four streaming detectors each plus the error-rate model): what the
 *       background pays once after the sidecar starts; single shot.</li>
 * </ul>
 */
public class DetectAnomaliesBenchmark extends BusyStoreBenchmark {

    Path directory;
    StoreReader reader;
    AnomalyDetection detection;
    long nowMillis;
    DetectionRequest all;
    DetectionRequest oneServer;

    @Setup
    public void setUp() {
        directory = BusyStore.dayOld();
        nowMillis = BusyStore.NOW.toEpochMilli() + 20_000;
        all = new DetectionRequest(null, null, Duration.ofHours(24), Sensitivity.MEDIUM, DetectionMethod.AUTO);
        oneServer = new DetectionRequest(BusyWorkload.serverName(7), null, Duration.ofHours(24), Sensitivity.MEDIUM,
                DetectionMethod.AUTO);
        reader = new StoreReader(Store.at(directory));
        reader.refresh();
        System.gc();
        long heapLoaded = usedHeap();
        // the store index decodes a histogram on first use and keeps it: decode every minute first, so the
        // heap measured below is detection's own
        long buckets = reader.read(ix -> ix.series().stream().flatMap(s -> s.buckets(Resolution.MINUTE).values().stream())
                .mapToLong(b -> b.histogram().bucketCount() > 0 ? 1 : 0).sum());
        System.gc();
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        detection = new AnomalyDetection(reader);
        DetectionResult r = detection.detect(all, nowMillis);
        long t1 = System.nanoTime();
        System.gc();
        System.out.printf("%n[setup] %d minute histograms decoded by the store index: +%d MB; first detect_anomalies "
                        + "(cold: learns 24 h of %d series): %.1f s, detector state ~%d MB; %d anomalies (%s, %s)%n",
                buckets, (heapBefore - heapLoaded) / 1_000_000, r.seriesAnalysed(), (t1 - t0) / 1e9,
                (usedHeap() - heapBefore) / 1_000_000, r.anomalies().size(), r.bySeverity(), r.byType());
    }

    @Benchmark
    public DetectionResult allSeries24h() {
        return detection.detect(all, nowMillis);
    }

    @Benchmark
    public DetectionResult oneServer24h() {
        return detection.detect(oneServer, nowMillis);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public DetectionResult coldStart24h() {
        return new AnomalyDetection(reader).detect(all, nowMillis);
    }
}
