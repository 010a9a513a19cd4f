package io.mcpmonitor.benchmarks.alert;

import io.mcpmonitor.benchmarks.store.BusyReaderBenchmark;
import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.alert.Severity;
import io.mcpmonitor.core.alert.Statistic;
import io.mcpmonitor.core.store.StoreIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * The cost of evaluating one alert rule for one busy series (5-minute window of minute
 * buckets, ~100 calls a minute): {@code response_time} p95 and {@code error_rate}, and, for scale,
 * a whole evaluation pass of the default rules over the 300 series of the busy store.
 * Target: under 10 µs per rule.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AlertRuleBenchmark extends BusyReaderBenchmark {

    StoreIndex index;
    AlertEngine engine;
    List<StoreIndex.Series> series;
    AlertRule p95;
    AlertRule errorRate;
    int next;

    @Setup
    public void setUp() throws Exception {
        index = reader.read(ix -> ix);
        series = new ArrayList<>(index.series());
        // Alert state of its own, so benchmarks never touch the shared store's alerts/state.json.
        Path state = Files.createTempDirectory("alert-bench");
        engine = AlertEngine.open(state, AlertPolicy.DEFAULT);
        p95 = new AlertRule("bench-p95", null, null, AlertMetric.RESPONSE_TIME, Statistic.P95, 500, Severity.WARNING,
                Duration.ofMinutes(5), Duration.ZERO, true, 5, false);
        errorRate = new AlertRule("bench-err", null, null, AlertMetric.ERROR_RATE, Statistic.P95, 5, Severity.CRITICAL,
                Duration.ofMinutes(5), Duration.ZERO, true, 5, false);
    }

    private StoreIndex.Series nextSeries() {
        next = (next + 1) % series.size();
        return series.get(next);
    }

    @Benchmark
    public double responseTimeRuleOneSeries() {
        return engine.valueOf(index, p95, nextSeries(), now);
    }

    @Benchmark
    public double errorRateRuleOneSeries() {
        return engine.valueOf(index, errorRate, nextSeries(), now);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int fullPassDefaultRules300Series() {
        return engine.evaluate(index, now).size();
    }
}
