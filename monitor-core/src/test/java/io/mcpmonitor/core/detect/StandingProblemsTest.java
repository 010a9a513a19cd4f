package io.mcpmonitor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standing-problem checks over a real store written through the recording API, asked twice
 * (the second answer comes from the detection state the first one built): the closed minutes are
 * judged from what detection kept, the minute not over yet from the store, so a fast call in that
 * minute ends a standing slowness and more failures in it are counted.
 */
class StandingProblemsTest {
    static final long MINUTE = StoreScene.MINUTE;
    static final long START = Instant.parse("2025-06-02T08:00:00Z").toEpochMilli();
    /** Thirty closed minutes, then the minute of the request, not over yet. */
    static final long NOW = START + 30 * MINUTE + 40_000;

    @TempDir
    Path dir;

    static DetectionResult detect(AnomalyDetection detection, long now) {
        detection.reader().refresh();
        return detection.detect(new DetectionRequest("billing", null, Duration.ofHours(1), Sensitivity.MEDIUM,
                DetectionMethod.AUTO), now);
    }

    static List<Anomaly> of(DetectionResult r, AnomalyType type) {
        return r.anomalies().stream().filter(a -> a.anomalyType() == type).toList();
    }

    @Test
    void closedMinutesComeFromDetectionStateAndTheOpenMinuteFromTheStore() throws Exception {
        long open = START + 30 * MINUTE;
        try (StoreScene scene = new StoreScene(dir)) {
            scene.calls("billing", "charge", START, open, 2, 30, 1.0, "API key not configured")
                    .calls("billing", "balance", START, open, 10, 20, 0.0, null)
                    .calls("billing", "invoice", START, open, 2, 1500, 0.0, null)
                    .calls("billing", "refund", START, open, 2, 1500, 0.0, null);
            scene.flush();
        }
        AnomalyDetection detection = new AnomalyDetection(new StoreReader(Store.open(dir)));
        for (int run = 0; run < 2; run++) {
            DetectionResult r = detect(detection, NOW);
            List<Anomaly> failing = of(r, AnomalyType.PERSISTENT_ERRORS);
            assertThat(failing).as("run %d: %s", run, r.anomalies()).hasSize(1);
            assertThat(failing.get(0).toolName()).isEqualTo("charge");
            assertThat(failing.get(0).severity()).isEqualTo(Severity.CRITICAL);
            assertThat(failing.get(0).description()).contains("60 of 60 calls");
            assertThat(failing.get(0).recommendations()).anyMatch(s -> s.contains("API key not configured"));
            assertThat(of(r, AnomalyType.PERSISTENT_LATENCY)).extracting(Anomaly::toolName)
                    .containsExactlyInAnyOrder("invoice", "refund");
            assertThat(r.anomalies()).noneMatch(a -> "balance".equals(a.toolName()));
        }

        // The minute in progress: two more failures of charge, a fast call of refund.
        try (StoreScene scene = new StoreScene(dir)) {
            scene.calls("billing", "charge", open, open + MINUTE, 2, 30, 1.0, "API key not configured")
                    .calls("billing", "refund", open, open + MINUTE, 1, 20, 0.0, null);
            scene.flush();
        }
        DetectionResult r = detect(detection, NOW);
        assertThat(of(r, AnomalyType.PERSISTENT_ERRORS).get(0).description()).contains("62 of 62 calls");
        assertThat(of(r, AnomalyType.PERSISTENT_LATENCY)).extracting(Anomaly::toolName).containsExactly("invoice");
    }
}
