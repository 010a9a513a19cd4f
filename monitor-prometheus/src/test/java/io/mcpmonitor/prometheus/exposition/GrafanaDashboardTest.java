package io.mcpmonitor.prometheus.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpmonitor.core.store.ProcessRecord;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import io.mcpmonitor.core.record.Monitor;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/grafana/mcp-monitor.json is valid JSON and every panel queries metrics the exposition serves. */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "mcp-monitor.json");
    private static final Pattern METRIC = Pattern.compile("\\b([a-z_][a-z0-9_]*_(?:total|bucket|sum|count|ratio|bytes|names))\\b");

    @TempDir
    Path dir;

    /** Every sample name /metrics serves for a store with calls, errors and a process sample. */
    private Set<String> served() throws Exception {
        Workload.write(dir, "weather", "forecast", 5, 30, 50, 3);
        try (Monitor m = Monitor.builder().storeDirectory(dir).build()) {
            m.recordDurably(List.of(), List.of(new ProcessRecord(System.currentTimeMillis(), "w1", 42, List.of("weather"),
                    12.5, 100, 512, 19.5, 4, 8)));
        }
        String text = ExpositionFormats.init().getPrometheusTextFormatWriter().toDebugString(
                new StoreMetrics(new StoreReader(Store.open(dir)), SeriesCap.DEFAULT, System::currentTimeMillis).collect());
        Set<String> names = new HashSet<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    @Test
    void everyPanelQueriesAServedMetric() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Set<String> served = served();
        assertThat(served).contains("mcp_server_operation_duration_seconds_bucket", "mcp_server_operation_calls_total",
                "process_cpu_utilization_ratio", "jvm_memory_used_bytes", "process_disk_io_bytes_total");
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(8);
        Set<String> queried = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                Matcher m = METRIC.matcher(expr);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    queried.add(m.group(1));
                    assertThat(served).as("panel '%s' queries %s", panel.path("title").asText(), m.group(1)).contains(m.group(1));
                }
                assertThat(any).as("panel '%s' names no metric: %s", panel.path("title").asText(), expr).isTrue();
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            Matcher m = METRIC.matcher(v.path("definition").asText());
            assertThat(m.find()).isTrue();
            assertThat(served).contains(m.group(1));
        }
        assertThat(queried).contains("mcp_server_operation_duration_seconds_bucket", "jvm_memory_limit_bytes");
    }
}
