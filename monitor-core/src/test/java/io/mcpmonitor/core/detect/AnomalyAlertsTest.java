package io.mcpmonitor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A critical anomaly no threshold rule catches (a tool going from 20 ms to 200 ms, below the default
 * p95 rules) goes through the real alert engine over a real store: it opens one critical alert on
 * the tool's response time, raised again by later detection runs without a second alert or a second
 * {@code firing}, and the alert resolves once the anomaly is over.
 */
class AnomalyAlertsTest {
    static final long MINUTE = StoreScene.MINUTE;
    static final long START = Instant.parse("2025-06-02T08:00:00Z").toEpochMilli();
    static final long ONSET = START + 120 * MINUTE;
    static final long END = ONSET + 15 * MINUTE;

    @TempDir
    Path dir;

    static List<Anomaly> detect(AnomalyDetection detection, long now) {
        detection.reader().refresh();
        return detection.detect(new DetectionRequest(null, null, Duration.ofHours(24), Sensitivity.MEDIUM,
                DetectionMethod.AUTO), now).anomalies();
    }

    static List<Notification> of(List<Notification> all, Notification.Kind kind) {
        return all.stream().filter(n -> n.kind() == kind).toList();
    }

    @Test
    void aCriticalAnomalyOpensOneAlertAndItsEndResolvesIt() throws Exception {
        try (StoreScene scene = new StoreScene(dir)) {
            scene.calls("shop", "search", START, END + 30 * MINUTE, 40, 50, 0.005, "index busy")
                    .calls("shop", "stock", START, ONSET, 40, 20, 0.005, "no such item")
                    .calls("shop", "stock", ONSET, END, 40, 200, 0.005, "no such item")
                    .calls("shop", "stock", END, END + 30 * MINUTE, 40, 20, 0.005, "no such item");
            scene.flush();
        }
        StoreReader reader = new StoreReader(Store.open(dir));
        AnomalyDetection detection = new AnomalyDetection(reader);
        AlertEngine engine = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        AnomalyAlerts alerts = new AnomalyAlerts(engine);

        long now = ONSET + 5 * MINUTE + 20_000;
        List<Anomaly> during = detect(detection, now);
        assertThat(during).as("%s", during).anyMatch(a -> "stock".equals(a.toolName()) && a.severity() == Severity.CRITICAL
                && Anomaly.ONGOING.equals(a.status()));
        assertThat(alerts.update(during, now)).isEqualTo(1);
        List<Notification> first = engine.evaluate(reader, now);
        assertThat(of(first, Notification.Kind.FIRING)).hasSize(1);
        List<Alert> open = engine.alerts(false);
        assertThat(open).hasSize(1);
        Alert alert = open.get(0);
        assertThat(alert.ruleId()).startsWith(AnomalyAlerts.SOURCE_PREFIX);
        assertThat(alert.server()).isEqualTo("shop");
        assertThat(alert.tool()).isEqualTo("stock");
        assertThat(alert.metric()).isEqualTo(AlertMetric.RESPONSE_TIME);
        assertThat(alert.severity()).isEqualTo(io.mcpmonitor.core.alert.Severity.CRITICAL);

        // Later runs see the same incident: the same alert, no second firing.
        for (long t = now + 30_000; t < now + 4 * MINUTE; t += 30_000) {
            alerts.update(detect(detection, t), t);
            assertThat(of(engine.evaluate(reader, t), Notification.Kind.FIRING)).isEmpty();
        }
        assertThat(engine.alerts(false)).extracting(Alert::id).containsExactly(alert.id());

        // Ten normal minutes after the end the anomaly is resolved, and so is the alert.
        long after = END + 15 * MINUTE + 20_000;
        List<Anomaly> later = detect(detection, after);
        assertThat(later).noneMatch(a -> "stock".equals(a.toolName()) && Anomaly.ONGOING.equals(a.status()));
        assertThat(alerts.update(later, after)).isZero();
        List<Notification> last = engine.evaluate(reader, after);
        assertThat(of(last, Notification.Kind.RESOLVED)).hasSize(1);
        assertThat(engine.alerts(false)).isEmpty();
        assertThat(engine.alert(alert.id()).orElseThrow().status().isOpen()).isFalse();
    }
}
