package io.mcpmonitor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection over a real store written through the recording API: percentiles from merged minute
 * histograms, errors with their messages, process samples; incidents explained from that context,
 * stored in the anomaly log and updated (not duplicated) while they go on.
 */
class AnomalyDetectionTest {
    static final long MINUTE = StoreScene.MINUTE;
    /** Two hours of normal history, then the incident from {@link #ONSET}. */
    static final long START = Instant.parse("2025-06-02T08:00:00Z").toEpochMilli();
    static final long ONSET = START + 120 * MINUTE;

    @TempDir
    Path dir;

    private void history(StoreScene scene, long until) {
        scene.calls("shop", "search", START, until, 40, 50, 0.005, "index busy")
                .calls("shop", "stock", START, until, 40, 20, 0.005, "no such item")
                .resources("shop", 4242, START, until + 10 * MINUTE, 12, 30);
    }

    private static DetectionResult detect(AnomalyDetection detection, String tool, long now) {
        detection.reader().refresh();
        return detection.detect(new DetectionRequest("shop", tool, Duration.ofHours(1), Sensitivity.MEDIUM,
                DetectionMethod.AUTO), now);
    }

    @Test
    void explainsAnIncidentOfOneToolFromItsErrorsResourcesAndTheOtherTools() throws IOException {
        try (StoreScene scene = new StoreScene(dir)) {
            history(scene, ONSET + 5 * MINUTE);
            scene.calls("shop", "checkout", START, ONSET, 40, 120, 0.005, "card declined")
                    .calls("shop", "checkout", ONSET, ONSET + 5 * MINUTE, 40, 900, 0.4, "payment gateway timed out");
            scene.flush();
        }
        AnomalyDetection detection = new AnomalyDetection(new StoreReader(Store.open(dir)));
        DetectionResult r = detect(detection, null, ONSET + 5 * MINUTE + 20_000);

        assertThat(r.anomalies()).extracting(Anomaly::toolName).containsOnly("checkout");
        Anomaly errors = only(r, AnomalyType.ERROR_RATE_SPIKE);
        assertThat(errors.timestamp()).isBetween(Instant.ofEpochMilli(ONSET), Instant.ofEpochMilli(ONSET + 2 * MINUTE));
        assertThat(errors.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(errors.status()).isEqualTo(Anomaly.ONGOING);
        assertThat(errors.details().method()).isEqualTo("auto");
        assertThat(errors.details().scope()).isEqualTo("this_tool");
        assertThat(errors.details().outcomes()).containsExactly("tool_error");
        assertThat(errors.details().expectedRange()).hasSize(2);
        assertThat(errors.details().currentValue()).isGreaterThan(errors.details().expectedRange().get(1));
        assertThat(errors.recommendations()).anyMatch(s -> s.contains("'payment gateway timed out'"))
                .anyMatch(s -> s.contains("Only checkout is affected"))
                .anyMatch(s -> s.contains("were normal then"));
        Anomaly latency = r.anomalies().stream().filter(a -> a.anomalyType() == AnomalyType.RESPONSE_TIME_SPIKE)
                .findFirst().orElseThrow(() -> new AssertionError("no latency anomaly in " + r.anomalies()));
        assertThat(latency.details().currentValue()).isGreaterThan(500);
        assertThat(latency.description()).contains("shop/checkout");
        assertThat(r.bySeverity()).containsEntry("critical", (long) r.anomalies().stream()
                .filter(a -> a.severity() == Severity.CRITICAL).count());
    }

    @Test
    void aSlowDownOfEveryToolIsServerWide() {
        try (StoreScene scene = new StoreScene(dir)) {
            for (String tool : List.of("search", "stock", "checkout")) {
                scene.calls("shop", tool, START, ONSET, 40, 50, 0, null)
                        .calls("shop", tool, ONSET, ONSET + 4 * MINUTE, 40, 400, 0, null);
            }
            scene.resources("shop", 4242, START, ONSET, 10, 30).resources("shop", 4242, ONSET, ONSET + 4 * MINUTE, 95, 30);
            scene.flush();
        }
        AnomalyDetection detection = new AnomalyDetection(new StoreReader(Store.at(dir)));
        DetectionResult r = detect(detection, "stock", ONSET + 4 * MINUTE + 20_000);

        Anomaly a = only(r, AnomalyType.RESPONSE_TIME_SPIKE);
        assertThat(a.details().scope()).isEqualTo("server_wide");
        assertThat(a.details().alsoAffected()).containsExactly("checkout", "search");
        assertThat(a.recommendations()).anyMatch(s -> s.startsWith("3 of 3 tools of shop"))
                .anyMatch(s -> s.contains("CPU of shop's process was"));
    }

    @Test
    void backgroundRunsStoreOneAnomalyPerIncidentAndUpdateIt() throws IOException {
        long firstRun = ONSET + 3 * MINUTE + 20_000;
        try (StoreScene scene = new StoreScene(dir)) {
            history(scene, ONSET + 20 * MINUTE);
            scene.calls("shop", "checkout", START, ONSET, 40, 120, 0.005, "card declined")
                    .calls("shop", "checkout", ONSET, ONSET + 3 * MINUTE, 40, 120, 0.5, "payment gateway timed out");
            scene.flush();
        }
        StoreReader reader = new StoreReader(Store.open(dir));
        AnomalyDetection detection = new AnomalyDetection(reader);
        assertThat(detection.runBackground(firstRun)).isEqualTo(1);
        try (StoreScene scene = new StoreScene(dir)) {
            scene.calls("shop", "checkout", ONSET + 3 * MINUTE, ONSET + 20 * MINUTE, 40, 120, 0.5, "payment gateway timed out");
            scene.flush();
        }
        assertThat(detection.runBackground(ONSET + 20 * MINUTE + 20_000)).isEqualTo(1);

        Path log = dir.resolve("anomalies").resolve("2025-06-02.jsonl");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("{\"v\":1,\"type\":\"anomaly\""));
        // a fresh process (a restart) reads the same single anomaly back from the log, updated
        AnomalyDetection restarted = new AnomalyDetection(new StoreReader(Store.at(dir)));
        List<Anomaly> stored = new AnomalyLog(dir.resolve("anomalies")).read(START, ONSET + 30 * MINUTE);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).lastSeen()).isEqualTo(Instant.ofEpochMilli(ONSET + 19 * MINUTE));
        assertThat(stored.get(0).anomalyType()).isEqualTo(AnomalyType.ERROR_RATE_SPIKE);
        DetectionResult r = detect(restarted, "checkout", ONSET + 20 * MINUTE + 20_000);
        assertThat(r.anomalies()).extracting(Anomaly::id).containsExactly(stored.get(0).id());
    }

    @Test
    void aMinuteStillFillingUpGivesAProvisionalAnomaly() throws IOException {
        long now = ONSET + 40_000; // 40 s into the incident's minute
        try (StoreScene scene = new StoreScene(dir)) {
            history(scene, ONSET);
            scene.calls("shop", "checkout", START, ONSET, 40, 120, 0.005, "card declined")
                    .calls("shop", "checkout", ONSET, ONSET + MINUTE, 40, 900, 0.6, "payment gateway timed out");
            scene.flush();
        }
        AnomalyDetection detection = new AnomalyDetection(new StoreReader(Store.at(dir)));
        DetectionResult r = detect(detection, null, now);
        assertThat(r.anomalies()).isNotEmpty().allMatch(Anomaly::provisional)
                .extracting(Anomaly::anomalyType).contains(AnomalyType.ERROR_RATE_SPIKE, AnomalyType.RESPONSE_TIME_SPIKE);
        assertThat(detection.runBackground(now)).isZero();
    }

    @Test
    void storedAnomaliesAreDeletedAfterTheirRetention() throws IOException {
        Path anomalies = Files.createDirectories(dir.resolve("anomalies"));
        Files.writeString(anomalies.resolve("2025-01-01.jsonl"), "{}\n");
        Files.writeString(anomalies.resolve("2025-06-01.jsonl"), "{}\n");
        AnomalyDetection detection = new AnomalyDetection(new StoreReader(Store.at(dir)));
        assertThat(detection.deleteStoredBefore(Instant.parse("2025-06-01T00:00:00Z").toEpochMilli())).isEqualTo(1);
        try (Stream<Path> left = Files.list(anomalies)) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("2025-06-01.jsonl");
        }
    }

    private static Anomaly only(DetectionResult r, AnomalyType type) {
        List<Anomaly> of = r.anomalies().stream().filter(a -> a.anomalyType() == type).toList();
        assertThat(of).as("anomalies of type %s in %s", type, r.anomalies()).hasSize(1);
        return of.get(0);
    }
}
