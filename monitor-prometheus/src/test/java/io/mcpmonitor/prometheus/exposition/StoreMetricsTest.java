package io.mcpmonitor.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreMetricsTest {

    @TempDir
    Path dir;

    private MetricSnapshots collect(SeriesCap cap) throws Exception {
        return new StoreMetrics(new StoreReader(Store.open(dir)), cap, System::currentTimeMillis).collect();
    }

    @Test
    void countersEqualTheStoresCountsAndBucketsAreCumulativeAtTheSemconvBoundaries() throws Exception {
        long[] written = Workload.write(dir, "weather", "forecast", 30, 40, 80, 1);
        MetricSnapshots m = collect(SeriesCap.DEFAULT);

        CounterSnapshot calls = (CounterSnapshot) m.stream().filter(s -> s.getMetadata().getName().equals("mcp_server_operation_calls")).findFirst().orElseThrow();
        long success = 0, toolError = 0, exception = 0;
        for (var p : calls.getDataPoints()) {
            assertThat(p.getLabels().get(OtelNames.SERVER)).isEqualTo("weather");
            assertThat(p.getLabels().get(OtelNames.TOOL)).isEqualTo("forecast");
            switch (p.getLabels().get(OtelNames.OUTCOME)) {
                case "success" -> success += (long) p.getValue();
                case "tool_error" -> {
                    toolError += (long) p.getValue();
                    assertThat(p.getLabels().get(OtelNames.ERROR_TYPE)).isEqualTo("tool_error");
                }
                case "exception" -> {
                    exception += (long) p.getValue();
                    assertThat(p.getLabels().get(OtelNames.ERROR_TYPE)).isEqualTo("-32603");
                }
                default -> throw new AssertionError(p.getLabels());
            }
        }
        assertThat(new long[] {success, toolError, exception}).containsExactly(written);

        HistogramSnapshot h = (HistogramSnapshot) m.stream().filter(s -> s.getMetadata().getName().equals(OtelNames.DURATION)).findFirst().orElseThrow();
        var point = h.getDataPoints().get(0);
        assertThat(point.getCount()).isEqualTo(written[0] + written[1] + written[2]);
        assertThat(point.getLabels().get(OtelNames.METHOD)).isEqualTo("tools/call");
        assertThat(point.getClassicBuckets().size()).isEqualTo(OtelNames.BOUNDARIES.length + 1);
        assertThat(point.getNativeSchema()).isEqualTo(NativeBuckets.SCHEMA);
        long nativeTotal = point.getNativeZeroCount();
        for (var b : point.getNativeBucketsForPositiveValues()) {
            nativeTotal += b.getCount();
        }
        assertThat(nativeTotal).isEqualTo(point.getCount());

        String text = ExpositionFormats.init().getPrometheusTextFormatWriter().toDebugString(m);
        assertThat(text).contains("mcp_server_operation_duration_seconds_bucket{gen_ai_tool_name=\"forecast\",mcp_method_name=\"tools/call\",mcp_server_name=\"weather\",le=\"0.1\"}")
                .contains("mcp_server_operation_calls_total{error_type=\"tool_error\",gen_ai_tool_name=\"forecast\"");
    }

    @Test
    void theSeriesCapHoldsUnderTenThousandToolNamesAndLosesNoCall() throws Exception {
        try (Monitor mon = Monitor.builder().storeDirectory(dir).build()) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < 10_000; i++) {
                mon.recordAt(now - 1000, "runaway", "tool-" + i, 1_000_000, Outcome.SUCCESS, null, null);
            }
            for (int i = 0; i < 50; i++) {
                mon.recordAt(now - 1000, "runaway", "busy", 2_000_000, Outcome.SUCCESS, null, null);
            }
        }
        MetricSnapshots m = collect(new SeriesCap(100));
        HistogramSnapshot h = (HistogramSnapshot) m.stream().filter(s -> s.getMetadata().getName().equals(OtelNames.DURATION)).findFirst().orElseThrow();
        Set<String> tools = new HashSet<>();
        long total = 0;
        for (var p : h.getDataPoints()) {
            tools.add(p.getLabels().get(OtelNames.TOOL));
            total += p.getCount();
        }
        assertThat(tools).hasSize(101).contains("busy", OtelNames.OTHER);
        assertThat(total).isEqualTo(10_050);
        String text = ExpositionFormats.init().getPrometheusTextFormatWriter().toDebugString(m);
        assertThat(text).contains("mcp_monitor_folded_tool_names{mcp_server_name=\"runaway\"} 9901.0");
    }

    @Test
    void nativeBucketIndexesHoldTheirUpperBound() {
        for (double v : new double[] {1.0, 2.0, 0.5, 0.1, 0.0123, 7.77, 1e-6}) {
            int i = NativeBuckets.index(v);
            assertThat(NativeBuckets.upperBound(i)).isGreaterThanOrEqualTo(v);
            assertThat(NativeBuckets.upperBound(i - 1)).isLessThan(v);
        }
    }
}
