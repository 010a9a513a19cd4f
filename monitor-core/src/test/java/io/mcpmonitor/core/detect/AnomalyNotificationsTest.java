package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.notify.Notification;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnomalyNotificationsTest {

    private static final long MINUTE = 60_000L;
    private static final Instant ONSET = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path store;

    static Anomaly incident(String id, Severity severity, int lastSeenMinutes, boolean resolved, boolean provisional) {
        AnomalyDetails d = new AnomalyDetails("latency_p95", "ms", 900, 100, List.of(50.0, 150.0), 8, 800, 0.99, "auto",
                60, List.of(), "this_tool", List.of());
        return new Anomaly(id, ONSET, ONSET.plusSeconds(60L * lastSeenMinutes), "shop", "stock", AnomalyType.RESPONSE_TIME_SPIKE,
                severity, resolved ? Anomaly.RESOLVED : Anomaly.ONGOING, provisional, "p95 of stock rose to 900 ms", d,
                List.of("look at the database"));
    }

    private static long at(int minutes) {
        return ONSET.toEpochMilli() + minutes * MINUTE;
    }

    @Test
    void oneIncidentIsOneAnomalyAndOneResolutionHoweverManyRunsSeeIt() throws Exception {
        AnomalyNotifications n = AnomalyNotifications.open(store);
        List<Notification> sent = new ArrayList<>();
        sent.addAll(n.update(List.of(incident("a-1", Severity.WARNING, 0, false, true)), at(0))); // provisional: waits
        for (int m = 1; m <= 10; m++) {
            sent.addAll(n.update(List.of(incident("a-1", Severity.WARNING, m, false, false)), at(m)));
        }
        // a restart in the middle does not notify again
        n = AnomalyNotifications.open(store);
        sent.addAll(n.update(List.of(incident("a-1", Severity.WARNING, 11, false, false)), at(11)));
        for (int m = 21; m <= 25; m++) {
            sent.addAll(n.update(List.of(incident("a-1", Severity.WARNING, 11, true, false)), at(m)));
        }
        assertThat(sent).extracting(Notification::kind)
                .containsExactly(Notification.Kind.ANOMALY, Notification.Kind.ANOMALY_RESOLVED);
        Notification opened = sent.get(0);
        assertThat(opened.severity()).isEqualTo("warning");
        assertThat(opened.title()).isEqualTo("[WARNING] shop/stock: response time spike");
        assertThat(opened.fields()).containsEntry("anomalyId", "a-1").containsEntry("anomalyType", "response_time_spike")
                .containsEntry("toolName", "stock").containsEntry("currentValue", 900.0).containsEntry("expectedValue", 100.0)
                .containsEntry("recommendations", List.of("look at the database"));
        assertThat(sent.get(1).title()).isEqualTo("[RESOLVED] shop/stock: response time spike is over");
        assertThat(sent.get(1).fields()).containsEntry("status", "resolved");
    }

    @Test
    void aRiseInSeverityIsSentOnceAsAnUpdate() throws Exception {
        AnomalyNotifications n = AnomalyNotifications.open(store);
        List<Notification> sent = new ArrayList<>();
        sent.addAll(n.update(List.of(incident("a-2", Severity.WARNING, 1, false, false)), at(1)));
        sent.addAll(n.update(List.of(incident("a-2", Severity.CRITICAL, 2, false, false)), at(2)));
        sent.addAll(n.update(List.of(incident("a-2", Severity.CRITICAL, 3, false, false)), at(3)));
        sent.addAll(n.update(List.of(incident("a-2", Severity.WARNING, 4, false, false)), at(4)));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).kind()).isEqualTo(Notification.Kind.ANOMALY);
        assertThat(sent.get(1).severity()).isEqualTo("critical");
        assertThat(sent.get(1).fields()).containsEntry("previousSeverity", "warning");
    }

    @Test
    void infoAndOldIncidentsOfAnExistingStoreAreNotSent() throws Exception {
        AnomalyNotifications n = AnomalyNotifications.open(store);
        assertThat(n.update(List.of(incident("info", Severity.INFO, 1, false, false),
                incident("old", Severity.CRITICAL, 5, true, false)), at(5 * 60))).isEmpty();
        assertThat(n.update(List.of(incident("late", Severity.CRITICAL, 5, true, false)), at(30)))
                .extracting(Notification::kind).containsExactly(Notification.Kind.ANOMALY, Notification.Kind.ANOMALY_RESOLVED);
    }

    @Test
    void aDamagedStateFileStartsAfresh() throws Exception {
        Files.createDirectories(store.resolve("notify"));
        Files.writeString(store.resolve("notify/anomaly-notices.json"), "{\"formatVersion\":1,\"incidents\":{\"x\":");
        assertThat(AnomalyNotifications.open(store).update(List.of(incident("a-3", Severity.WARNING, 1, false, false)), at(1)))
                .hasSize(1);
    }
}
