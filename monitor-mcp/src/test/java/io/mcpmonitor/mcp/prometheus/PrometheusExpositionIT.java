package io.mcpmonitor.mcp.prometheus;

import static io.mcpmonitor.mcp.prometheus.ServedSidecar.structured;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes {@code serve --metrics}: percentiles from the exported histograms agree with
 * the sidecar's own {@code get_metrics}, and the counters by outcome equal the store's counts.
 */
class PrometheusExpositionIT {

    /** The semconv boundaries, seconds (the classic buckets a quantile is interpolated in). */
    private static final double[] BOUNDS = {0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300};

    @TempDir
    Path dir;

    private long success;
    private long toolError;
    private long exception;

    /** 40 minutes of "weather"/"forecast" and "weather"/"radar": 30 calls a minute each, log-normal latencies. */
    @BeforeEach
    void workload() {
        SplittableRandom r = new SplittableRandom(7);
        long now = System.currentTimeMillis();
        try (Monitor m = Monitor.builder().storeDirectory(dir.resolve("store")).build()) {
            int n = 0;
            for (long t = now - 40 * 60_000L; t < now - 2_000; t += 2_000) {
                for (String tool : List.of("forecast", "radar")) {
                    double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
                    long nanos = (long) ((tool.equals("radar") ? 300 : 60) * Math.exp(0.6 * g) * 1e6);
                    n++;
                    if (n % 23 == 0) {
                        m.recordAt(t, "weather", tool, nanos, Outcome.EXCEPTION, "java.lang.IllegalStateException", "boom");
                        exception++;
                    } else if (n % 9 == 0) {
                        m.recordAt(t, "weather", tool, nanos, Outcome.TOOL_ERROR, "tool_error", "no data");
                        toolError++;
                    } else {
                        m.recordAt(t, "weather", tool, nanos, Outcome.SUCCESS, null, null);
                        success++;
                    }
                }
            }
        }
    }

    private double storeP95Seconds(ServedSidecar sidecar) {
        Map<String, Object> answer = structured(sidecar.call("get_metrics", Map.of("mcpServer", "weather",
                "aggregation", "p95", "startTime", Instant.now().minusSeconds(3 * 3600).toString())));
        Map<?, ?> summary = (Map<?, ?>) answer.get("summary");
        assertThat(((Number) summary.get("totalCalls")).longValue()).isEqualTo(success + toolError + exception);
        return ((Number) summary.get("p95ResponseTime")).doubleValue() / 1000;
    }

    @Test
    void classicBucketsAgreeWithinTheirWidthAndCountersAreExact() throws Exception {
        try (ServedSidecar sidecar = ServedSidecar.start(dir.resolve("store"), "--metrics", "127.0.0.1:0");
             RealPrometheus prometheus = RealPrometheus.start(dir.resolve("prom"), List.of(sidecar.metricsTarget()), null)) {
            long total = success + toolError + exception;
            prometheus.awaitQuery("sum(mcp_server_operation_duration_seconds_count{mcp_server_name=\"weather\"})",
                    r -> r.size() == 1 && RealPrometheus.value(r) == total);

            for (String[] outcome : new String[][] {{"success", "" + success}, {"tool_error", "" + toolError},
                    {"exception", "" + exception}}) {
                var r = prometheus.query("sum(mcp_server_operation_calls_total{mcp_server_name=\"weather\",outcome=\""
                        + outcome[0] + "\"})");
                assertThat((long) RealPrometheus.value(r)).as(outcome[0]).isEqualTo(Long.parseLong(outcome[1]));
            }
            assertThat(RealPrometheus.value(prometheus.query(
                    "sum(mcp_server_operation_calls_total{error_type=\"tool_error\",mcp_method_name=\"tools/call\"})")))
                    .isEqualTo(toolError);

            double p95 = storeP95Seconds(sidecar);
            double promP95 = RealPrometheus.value(prometheus.query(
                    "histogram_quantile(0.95, sum by (le) (mcp_server_operation_duration_seconds_bucket{mcp_server_name=\"weather\"}))"));
            int i = 1;
            while (BOUNDS[i] < p95) {
                i++;
            }
            assertThat(promP95).as("PromQL p95 %s vs store p95 %s: same semconv bucket", promP95, p95)
                    .isBetween(BOUNDS[i - 1], BOUNDS[i]);
        }
    }

    @Test
    void nativeHistogramsAgreeWithinTwoPercent() throws Exception {
        try (ServedSidecar sidecar = ServedSidecar.start(dir.resolve("store"), "--metrics", "127.0.0.1:0");
             RealPrometheus prometheus = RealPrometheus.start(dir.resolve("prom"), List.of(sidecar.metricsTarget()), null,
                     "--enable-feature=native-histograms")) {
            long total = success + toolError + exception;
            String all = "sum(mcp_server_operation_duration_seconds{mcp_server_name=\"weather\"})";
            prometheus.awaitQuery("histogram_count(" + all + ")", r -> r.size() == 1 && RealPrometheus.value(r) == total);
            double p95 = storeP95Seconds(sidecar);
            double promP95 = RealPrometheus.value(prometheus.query("histogram_quantile(0.95, " + all + ")"));
            assertThat(Math.abs(promP95 - p95) / p95).as("PromQL native p95 %s vs store p95 %s", promP95, p95)
                    .isLessThan(0.02);
            for (String tool : List.of("forecast", "radar")) {
                Map<?, ?> s = (Map<?, ?>) structured(sidecar.call("get_metrics", Map.of("mcpServer", "weather", "toolName", tool,
                        "aggregation", "p95", "startTime", Instant.now().minusSeconds(3 * 3600).toString()))).get("summary");
                double toolP95 = ((Number) s.get("p95ResponseTime")).doubleValue() / 1000;
                double q = RealPrometheus.value(prometheus.query("histogram_quantile(0.95, sum(mcp_server_operation_duration_seconds{gen_ai_tool_name=\""
                        + tool + "\"}))"));
                assertThat(Math.abs(q - toolP95) / toolP95).as("%s: PromQL %s vs store %s", tool, q, toolP95).isLessThan(0.02);
            }
        }
    }
}
