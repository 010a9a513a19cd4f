package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.alert.AlertStatus;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line over a real store on disk: the option names every command shares, relative
 * times, the store line, and the servers, anomalies and alerts commands (whose alert changes land
 * in the store's alert state, as a sidecar opening it later sees them).
 */
class CliCommandsTest {

    @TempDir
    Path dir;

    void record(String server, String tool, int calls, long millis, Outcome outcome) {
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).build()) {
            for (int i = 0; i < calls; i++) {
                m.record(server, tool, millis * 1_000_000, outcome);
            }
        }
    }

    String store() {
        return dir.toString();
    }

    @Test
    void everyCommandNamesItsStoreAndSaysWhenItIsEmpty() {
        for (String command : List.of("metrics", "servers", "anomalies", "alerts", "report")) {
            CliRun r = CliRun.of(command, "--store", store());
            assertThat(r.exit()).as(command + ": " + r.err()).isZero();
            assertThat(r.err()).as(command).contains("store: " + dir, "empty: nothing recorded yet", "attach the agent");
        }
        CliRun missing = CliRun.of("servers", "--store", dir.resolve("nowhere").toString());
        assertThat(missing.err()).contains("store: " + dir.resolve("nowhere"), "does not exist");
        record("weather", "forecast", 3, 20, Outcome.SUCCESS);
        CliRun full = CliRun.of("metrics", "--store", store());
        assertThat(full.err()).contains("store: " + dir).doesNotContain("empty");
    }

    @Test
    void theDefaultStoreIsUnderHomeFromTheEnvironment() {
        Path resolved = Store.resolveDirectory(null);
        String env = System.getenv("MCP_MONITOR_STORE");
        String home = System.getenv("HOME");
        if (env != null && !env.isBlank()) {
            assertThat(resolved).isEqualTo(Path.of(env).toAbsolutePath().normalize());
        } else {
            assertThat(resolved).isEqualTo(Path.of(home, ".mcp-monitor").toAbsolutePath().normalize());
        }
    }

    @Test
    void serverAndToolAliasesMeanTheSameAsTheToolNames() {
        record("weather", "forecast", 4, 20, Outcome.SUCCESS);
        record("weather", "alerts", 2, 20, Outcome.SUCCESS);
        record("billing", "charge", 1, 20, Outcome.SUCCESS);
        // One end for both runs: the default end, now, may pass a second between them and change the header.
        String to = Instant.now().toString();
        CliRun longNames = CliRun.of("metrics", "--store", store(), "--mcpServer", "weather", "--toolName", "forecast", "--to", to);
        CliRun shortNames = CliRun.of("metrics", "--store", store(), "--server", "weather", "--tool", "forecast", "--to", to);
        assertThat(shortNames.exit()).as(shortNames.err()).isZero();
        assertThat(shortNames.out()).isEqualTo(longNames.out()).contains("forecast", "4 calls").doesNotContain("billing", "alerts");
        CliRun report = CliRun.of("report", "--store", store(), "--server", "billing", "--format", "json");
        assertThat(report.out()).contains("charge").doesNotContain("forecast");
        CliRun servers = CliRun.of("servers", "--store", store(), "--server", "billing");
        assertThat(servers.out()).contains("charge").doesNotContain("weather");
    }

    @Test
    void relativeTimesEndNowOrAtTheEndGiven() {
        record("weather", "forecast", 2, 20, Outcome.SUCCESS);
        CliRun since = CliRun.of("metrics", "--store", store(), "--since", "2h", "--json");
        assertThat(since.exit()).as(since.err()).isZero();
        assertThat(since.out()).contains("\"totalCalls\" : 2");
        CliRun last = CliRun.of("metrics", "--store", store(), "--last", "24h", "--endTime", "2026-11-25T10:00:00Z", "--json");
        assertThat(last.out()).contains("2026-11-24T10:00:00Z").doesNotContain("\"totalCalls\" : 2");
        CliRun report = CliRun.of("report", "--store", store(), "--last", "7d", "--endTime", "2026-11-25T10:00:00Z", "--format", "json");
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(report.out()).contains("2026-11-18T10:00:00Z");
        CliRun bad = CliRun.of("metrics", "--store", store(), "--since", "two hours");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("since", "two hours", "15m, 2h");
        CliRun both = CliRun.of("metrics", "--store", store(), "--since", "2h", "--startTime", "2026-11-25T10:00:00Z");
        assertThat(both.err()).contains("since", "not both");
    }

    @Test
    void valuesCarryUnitsAndColumnsAlign() {
        record("a-server-with-a-rather-long-name-indeed", "a-tool-whose-name-is-longer-than-before", 1, 224, Outcome.SUCCESS);
        record("w", "f", 2, 10, Outcome.SUCCESS);
        CliRun r = CliRun.of("metrics", "--store", store(), "--aggregation", "p95");
        assertThat(r.out()).contains("a-server-with-a-rather-long-name-indeed", "a-tool-whose-name-is-longer-than-before",
                " ms", "summary: 3 calls");
        List<String> rows = r.out().lines().filter(l -> l.startsWith("a-server") || l.startsWith("w ")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).indexOf(" ms")).isEqualTo(rows.get(1).indexOf(" ms"));
        CliRun one = CliRun.of("servers", "--store", store(), "--server", "w");
        assertThat(one.out()).contains("1 server, 1 tool");
        CliRun rate = CliRun.of("metrics", "--store", store(), "--aggregation", "error_rate");
        assertThat(rate.out()).contains("0.0 %");
    }

    @Test
    void reportChartsAsManyToolsAsAsked() {
        record("weather", "forecast", 5, 20, Outcome.TOOL_ERROR);
        record("weather", "radar", 5, 200, Outcome.SUCCESS);
        record("weather", "alerts", 5, 50, Outcome.EXCEPTION);
        CliRun one = CliRun.of("report", "--store", store(), "--format", "html", "--top", "1");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).contains("id=\"chart-latency-1\"", "id=\"chart-errors-1\"")
                .doesNotContain("id=\"chart-latency-2\"", "id=\"chart-errors-2\"");
        CliRun three = CliRun.of("report", "--store", store(), "--format", "html", "--top", "3");
        assertThat(three.out()).contains("id=\"chart-latency-3\"", "id=\"chart-errors-2\"");
        CliRun bad = CliRun.of("report", "--store", store(), "--top", "0");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("topN");
    }

    @Test
    void serversListsToolsWithCountsAndUtcTimes() {
        record("weather", "forecast", 3, 20, Outcome.SUCCESS);
        record("weather", "forecast", 1, 20, Outcome.TOOL_ERROR);
        CliRun r = CliRun.of("servers", "--store", store());
        assertThat(r.exit()).as(r.err()).isZero();
        String row = r.out().lines().filter(l -> l.startsWith("weather")).findFirst().orElseThrow();
        assertThat(row.split("\\s+")).containsSubsequence("weather", "forecast", "4", "1");
        assertThat(row).matches(".*\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ.*");
        assertThat(CliRun.of("servers", "--store", store(), "--json").out()).contains("\"mcpServer\" : \"weather\"");
    }

    @Test
    void anomaliesAnswersWhatDetectAnomaliesAnswers() {
        record("weather", "forecast", 30, 20, Outcome.SUCCESS);
        CliRun r = CliRun.of("anomalies", "--store", store(), "--last", "1h", "--server", "weather");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isNotBlank();
        CliRun json = CliRun.of("anomalies", "--store", store(), "--last", "1h", "--json");
        assertThat(json.out()).contains("\"anomalies\"");
        CliRun bad = CliRun.of("anomalies", "--store", store(), "--sensitivity", "extreme");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("sensitivity");
    }

    /** Slow calls now, then the alert rules evaluated past their pending minute: a p95 alert opens. */
    String openAlert() throws Exception {
        record("weather", "forecast", 10, 2_000, Outcome.SUCCESS);
        AlertEngine engine = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        StoreReader reader = new StoreReader(Store.at(dir));
        reader.refresh();
        long now = System.currentTimeMillis();
        engine.evaluate(reader, now);
        engine.evaluate(reader, now + 61_000);
        List<Alert> open = engine.alerts(false);
        assertThat(open).isNotEmpty();
        return open.get(0).id();
    }

    @Test
    void alertsListsAcknowledgesAndSilences() throws Exception {
        assertThat(CliRun.of("alerts", "--store", store()).out()).contains("no open alerts");
        String id = openAlert();
        CliRun list = CliRun.of("alerts", "--store", store());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains(id, "critical", "weather", "forecast", "response_time", " ms", "1 alert open");

        CliRun ack = CliRun.of("alerts", "ack", id, "--store", store(), "--by", "alice", "--notes", "rolling back");
        assertThat(ack.exit()).as(ack.err()).isZero();
        assertThat(ack.out()).contains("acknowledged " + id + " by alice");
        Alert acked = AlertEngine.open(dir, AlertPolicy.DEFAULT).alert(id).orElseThrow();
        assertThat(acked.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(acked.acknowledgedBy()).isEqualTo("alice");

        CliRun silence = CliRun.of("alerts", "silence", "--store", store(), "--server", "weather", "--for", "2h",
                "--by", "alice", "--reason", "deploy");
        assertThat(silence.exit()).as(silence.err()).isZero();
        AlertEngine reopened = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        assertThat(reopened.silences(System.currentTimeMillis())).singleElement()
                .satisfies(s -> assertThat(s.endsMillis() - s.startsMillis()).isEqualTo(Duration.ofHours(2).toMillis()));
        assertThat(CliRun.of("alerts", "--store", store()).out()).contains("silenced", "acknowledged");

        CliRun unknown = CliRun.of("alerts", "ack", "alert-nope", "--store", store());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("alertId", "alert-nope");
        CliRun badLength = CliRun.of("alerts", "silence", "--store", store(), "--for", "forever");
        assertThat(badLength.err()).contains("for", "forever");
    }

    @Test
    void serveRefusesAnAnomalyCheckIntervalItCannotKeepAndSaysWhichOption() {
        CliRun tooOften = CliRun.of("serve", "--store", store(), "--anomaly-check-every", "500ms");
        assertThat(tooOften.exit()).isEqualTo(2);
        assertThat(tooOften.err()).contains("--anomaly-check-every", "at least 1s", "500ms");
        CliRun notADuration = CliRun.of("serve", "--store", store(), "--anomaly-check-every", "soon");
        assertThat(notADuration.exit()).isEqualTo(2);
        assertThat(notADuration.err()).contains("--anomaly-check-every", "soon");
        assertThat(CliRun.of("serve", "--help").out()).contains("--anomaly-check-every", "default: 15s");
    }
}
