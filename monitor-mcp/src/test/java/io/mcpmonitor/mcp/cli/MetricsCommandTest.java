package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.record.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MetricsCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = McpMonitorCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsWhatTheStoreHoldsAsATableAndAsJson() {
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).build()) {
            m.record("weather", "forecast", 12_000_000, Outcome.SUCCESS);
            m.record("weather", "forecast", 30_000_000, Outcome.TOOL_ERROR, "tool_error", "no such city");
        }
        Run table = run("metrics", "--store", dir.toString(), "--aggregation", "max");
        assertThat(table.exit()).isZero();
        assertThat(table.out()).contains("weather", "forecast", "2 calls", "error rate 50.00 %");
        Run json = run("metrics", "--store", dir.toString(), "--json", "--mcpServer", "weather");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"totalCalls\" : 2", "\"tool_error\" : 1");
    }

    @Test
    void refusesBadInputNamingTheField() {
        Run r = run("metrics", "--store", dir.toString(), "--aggregation", "median");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("aggregation", "median");
        Run t = run("metrics", "--store", dir.toString(), "--startTime", "yesterday");
        assertThat(t.err()).contains("startTime", "ISO-8601");
        Run order = run("metrics", "--store", dir.toString(), "--startTime", "2026-11-25T10:00:00Z", "--endTime",
                "2026-11-25T09:00:00Z");
        assertThat(order.err()).contains("endTime", "must be after startTime");
    }

    @Test
    void answersVersionAndHelp() {
        assertThat(run("--version").out()).startsWith("mcp-monitor ");
        assertThat(run("--help").out()).contains("metrics", "compact");
    }
}
