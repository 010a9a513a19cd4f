package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsWhatTheStoreHoldsAsATableAndAsJson() {
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).build()) {
            m.record("weather", "forecast", 12_000_000, Outcome.SUCCESS);
            m.record("weather", "forecast", 30_000_000, Outcome.TOOL_ERROR, "tool_error", "no such city");
        }
        CliRun table = CliRun.of("metrics", "--store", dir.toString(), "--aggregation", "max");
        assertThat(table.exit()).isZero();
        assertThat(table.out()).contains("weather", "forecast", "2 calls", "error rate 50.00 %");
        CliRun json = CliRun.of("metrics", "--store", dir.toString(), "--json", "--mcpServer", "weather");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"totalCalls\" : 2", "\"tool_error\" : 1");
    }

    @Test
    void refusesBadInputNamingTheField() {
        CliRun r = CliRun.of("metrics", "--store", dir.toString(), "--aggregation", "median");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("aggregation", "median");
        CliRun t = CliRun.of("metrics", "--store", dir.toString(), "--startTime", "yesterday");
        assertThat(t.err()).contains("startTime", "ISO-8601");
        CliRun order = CliRun.of("metrics", "--store", dir.toString(), "--startTime", "2026-11-25T10:00:00Z", "--endTime",
                "2026-11-25T09:00:00Z");
        assertThat(order.err()).contains("endTime", "must be after startTime");
    }

    @Test
    void answersVersionAndHelp() {
        assertThat(CliRun.of("--version").out()).startsWith("mcp-monitor ");
        assertThat(CliRun.of("--help").out()).contains("metrics", "compact");
    }
}
