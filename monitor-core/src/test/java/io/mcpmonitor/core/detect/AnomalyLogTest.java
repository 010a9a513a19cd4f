package io.mcpmonitor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anomaly log: last line per id wins, torn and foreign lines are skipped, names stay data. */
class AnomalyLogTest {
    static final Instant ONSET = Instant.parse("2025-06-02T23:58:00Z");

    @TempDir
    Path dir;

    static Anomaly anomaly(String server, String tool, Instant lastSeen, String status, Severity severity) {
        AnomalyDetails d = new AnomalyDetails("latency_p95", "ms", 900, 120, List.of(80.0, 200.0), 6.5, 650, 0.98,
                "auto", 40, List.of(), "this_tool", List.of());
        return new Anomaly(Incident.idOf(server, tool, Metric.Family.LATENCY, ONSET.toEpochMilli()), ONSET, lastSeen,
                server, tool, AnomalyType.RESPONSE_TIME_SPIKE, severity, status, false, "p95 rose", d, List.of("look"));
    }

    @Test
    void readsTheLastStateOfEachIncidentAndSkipsWhatItCannotRead() throws IOException {
        AnomalyLog log = new AnomalyLog(dir.resolve("anomalies"));
        String hostile = "../../etc/passwd\n\"x";
        log.append(List.of(anomaly(hostile, "t", ONSET, Anomaly.ONGOING, Severity.WARNING)), ONSET.toEpochMilli());
        log.append(List.of(anomaly(hostile, "t", ONSET.plusSeconds(600), Anomaly.RESOLVED, Severity.CRITICAL),
                anomaly("s", null, ONSET, Anomaly.ONGOING, Severity.INFO)), ONSET.toEpochMilli() + 600_000);
        Path file = dir.resolve("anomalies").resolve("2025-06-02.jsonl");
        Files.writeString(file, "{\"v\":2,\"type\":\"anomaly\",\"id\":\"future\"}\nnot json\n{\"v\":1,\"type\":\"anom",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(Files.list(dir.resolve("anomalies"))).hasSize(1);

        List<Anomaly> read = log.read(ONSET.toEpochMilli(), ONSET.toEpochMilli() + 3_600_000);
        assertThat(read).hasSize(2);
        Anomaly a = read.stream().filter(x -> x.toolName() != null).findFirst().orElseThrow();
        assertThat(a.mcpServer()).isEqualTo(hostile);
        assertThat(a.status()).isEqualTo(Anomaly.RESOLVED);
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(a.details().expectedRange()).containsExactly(80.0, 200.0);
        assertThat(a.recommendations()).containsExactly("look");
        assertThat(read.stream().filter(x -> x.toolName() == null)).hasSize(1);
        assertThat(log.skippedLines()).isEqualTo(3);
        assertThat(log.read(ONSET.toEpochMilli() + 3_600_000, ONSET.toEpochMilli() + 7_200_000)).isEmpty();
    }
}
