package io.mcpmonitor.mcp.prometheus;

import static io.mcpmonitor.mcp.prometheus.ServedSidecar.structured;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts, each a store behind its own {@code serve --metrics}; one Prometheus scrapes both; a third
 * sidecar with {@code --prometheus-url} answers for the fleet.
 */
class FleetPrometheusIT {

    @TempDir
    Path dir;

    /** Calls of {@code tools} on {@code server} over the last 30 minutes; every 7th a tool error. Returns {calls, errors}. */
    private static long[] host(Path store, String server, List<String> tools, int perMinute, long millis) {
        long[] n = new long[2];
        long now = System.currentTimeMillis();
        try (Monitor m = Monitor.builder().storeDirectory(store).build()) {
            for (long t = now - 30 * 60_000L; t < now - 2000; t += 60_000L / perMinute) {
                for (String tool : tools) {
                    n[0]++;
                    boolean error = n[0] % 7 == 0;
                    if (error) {
                        n[1]++;
                    }
                    m.recordAt(t, server, tool, millis * 1_000_000L + (n[0] % 50) * 1_000_000L,
                            error ? Outcome.TOOL_ERROR : Outcome.SUCCESS, error ? "tool_error" : null, error ? "no" : null);
                }
            }
        }
        return n;
    }

    @Test
    void listServersHasBothHostsAndGetMetricsTotalsAreTheirSum() throws Exception {
        long[] a = host(dir.resolve("a"), "billing", List.of("charge", "refund"), 20, 40);
        long[] b1 = host(dir.resolve("b"), "search", List.of("query"), 30, 120);
        long[] b2 = host(dir.resolve("b"), "billing", List.of("charge"), 10, 60); // the same server on a second host
        try (ServedSidecar hostA = ServedSidecar.start(dir.resolve("a"), "--metrics", "127.0.0.1:0");
             ServedSidecar hostB = ServedSidecar.start(dir.resolve("b"), "--metrics", "127.0.0.1:0");
             RealPrometheus prometheus = RealPrometheus.start(dir.resolve("prom"),
                     List.of(hostA.metricsTarget(), hostB.metricsTarget()), null)) {
            long total = a[0] + b1[0] + b2[0];
            prometheus.awaitQuery("sum(mcp_server_operation_calls_total)", r -> r.size() == 1 && RealPrometheus.value(r) == total);
            try (ServedSidecar fleet = ServedSidecar.start(dir.resolve("fleet-store"), "--prometheus-url", prometheus.base().toString())) {
                Map<String, Object> servers = structured(fleet.call("list_servers", Map.of()));
                assertThat(servers.get("source")).isEqualTo("prometheus");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> list = (List<Map<String, Object>>) servers.get("servers");
                assertThat(list).extracting(s -> s.get("mcpServer")).containsExactly("billing", "search");
                assertThat(((Number) list.get(0).get("calls")).longValue()).isEqualTo(a[0] + b2[0]);
                assertThat(((Number) list.get(0).get("errors")).longValue()).isEqualTo(a[1] + b2[1]);
                assertThat(((Number) list.get(1).get("calls")).longValue()).isEqualTo(b1[0]);
                assertThat(list.get(0).get("firstSeen")).isNotNull();

                Map<?, ?> all = (Map<?, ?>) structured(fleet.call("get_metrics", Map.of("aggregation", "p95"))).get("summary");
                assertThat(((Number) all.get("totalCalls")).longValue()).isEqualTo(total);
                assertThat(((Number) all.get("errorRate")).doubleValue())
                        .isCloseTo(100.0 * (a[1] + b1[1] + b2[1]) / total, org.assertj.core.data.Offset.offset(1e-9));

                // the fleet's p95 of billing lies in the same semconv bucket as a store holding both hosts' calls would say
                Map<?, ?> billing = (Map<?, ?>) structured(fleet.call("get_metrics", Map.of("mcpServer", "billing", "aggregation", "p95"))).get("summary");
                assertThat(((Number) billing.get("totalCalls")).longValue()).isEqualTo(a[0] + b2[0]);
                double p95 = ((Number) billing.get("p95ResponseTime")).doubleValue();
                assertThat(p95).isBetween(50.0, 100.0); // 40..89 ms and 60..109 ms: p95 near 87..105 ms, the 0.05..0.1 s bucket
                Map<String, Object> answer = structured(fleet.call("get_metrics", Map.of("mcpServer", "billing")));
                assertThat((String) answer.get("exactness")).contains("bucket");
            }
        }
    }
}
