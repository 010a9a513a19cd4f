package io.mcpmonitor.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notification.Kind;
import io.mcpmonitor.core.record.ManualClock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.ProcessRecord;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert lifecycle, and its state surviving a restart of the engine, driven by a manual clock. */
class AlertEngineTest {

    static final long T0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000;

    @TempDir
    Path dir;

    ManualClock clock;
    Monitor writer;
    StoreReader reader;
    AlertEngine engine;

    @BeforeEach
    void open() throws Exception {
        clock = new ManualClock(Instant.ofEpochMilli(T0));
        writer = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock).writerId("w").build();
        reader = new StoreReader(Store.open(dir));
        engine = AlertEngine.open(dir, AlertPolicy.DEFAULT);
    }

    /** {@code n} calls of {@code ms} each, at {@code at}, flushed. */
    void calls(String server, String tool, int n, double ms, Outcome outcome, long at) {
        for (int i = 0; i < n; i++) {
            writer.recordAt(at, server, tool, (long) (ms * 1_000_000), outcome, outcome.isError() ? "tool_error" : null,
                    outcome.isError() ? "upstream failed" : null);
        }
        writer.flush();
    }

    List<Notification> at(long now) throws Exception {
        clock.advanceMillis(now - clock.wallMillis());
        return engine.evaluate(reader, now);
    }

    @Test
    void firesOnlyAfterThePendingPeriodAndOncePerSeries() throws Exception {
        calls("srv", "slow", 20, 800, Outcome.SUCCESS, T0);
        assertThat(at(T0 + 1_000)).isEmpty();                  // over 500 ms, pending
        assertThat(at(T0 + 30_000)).isEmpty();                 // still pending (1 min)
        List<Notification> fired = at(T0 + 62_000);
        assertThat(fired).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Kind.FIRING);
            assertThat(n.severity()).isEqualTo("warning");
            assertThat(n.title()).matches("\\[WARNING\\] srv/slow: p95 response time 80\\d\\.\\d ms > 500 ms");
        });
        calls("srv", "slow", 20, 820, Outcome.SUCCESS, T0 + 62_000);
        assertThat(at(T0 + 90_000)).as("a repeat updates the alert, no new notification").isEmpty();
        assertThat(engine.alerts(false)).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(AlertStatus.ACTIVE);
            assertThat(a.currentValue()).isBetween(800.0, 830.0);
        });
    }

    @Test
    void resolvesWhenTheConditionClearsAndFoldsARepeatWithinTheHourIntoTheSameAlert() throws Exception {
        engine.setRule(rule("srv", "slow", AlertMetric.RESPONSE_TIME, 500, Severity.WARNING, Duration.ZERO));
        calls("srv", "slow", 20, 800, Outcome.SUCCESS, T0);
        assertThat(at(T0 + 1_000)).extracting(Notification::kind).containsExactly(Kind.FIRING);
        String id = engine.alerts(false).get(0).id();
        calls("srv", "slow", 200, 50, Outcome.SUCCESS, T0 + 6 * MIN);
        List<Notification> resolved = at(T0 + 7 * MIN);
        assertThat(resolved).extracting(Notification::kind).containsExactly(Kind.RESOLVED);
        assertThat(resolved.get(0).title()).startsWith("[RESOLVED] srv/slow");
        assertThat(engine.alerts(false)).isEmpty();

        calls("srv", "slow", 20, 900, Outcome.SUCCESS, T0 + 20 * MIN);
        at(T0 + 20 * MIN + 1_000);
        assertThat(engine.alerts(false)).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo(id);
            assertThat(a.count()).isEqualTo(2);
        });
    }

    @Test
    void limitsNotificationsPerServerButNeverHoldsBackCriticalOnes() throws Exception {
        // No reminders or escalations in this test, so only the budget decides.
        engine = AlertEngine.open(dir, new AlertPolicy(Duration.ofDays(1), Duration.ofDays(1), Duration.ofHours(1), 5,
                Duration.ofHours(24), Duration.ofDays(30)));
        engine.setRule(rule(null, null, AlertMetric.ERROR_RATE, 1, Severity.WARNING, Duration.ZERO));
        engine.setRule(rule(null, null, AlertMetric.ERROR_RATE, 5, Severity.CRITICAL, Duration.ofMinutes(10)));
        for (int t = 0; t < 8; t++) {
            calls("busy", "tool" + t, 18, 10, Outcome.SUCCESS, T0);
            calls("busy", "tool" + t, 2, 10, Outcome.TOOL_ERROR, T0);   // 10 %: over 1 % (warning) and 5 % (critical)
        }
        List<Notification> first = at(T0 + 1_000);
        assertThat(first).hasSize(5).allMatch(n -> n.kind() == Kind.FIRING && n.severity().equals("warning"));
        assertThat(engine.heldNotifications()).isEqualTo(3);

        // Critical (pending 10 min) raises all 8 alerts in place, beyond the budget.
        for (int t = 0; t < 8; t++) {
            calls("busy", "tool" + t, 8, 10, Outcome.SUCCESS, T0 + 9 * MIN);
            calls("busy", "tool" + t, 2, 10, Outcome.TOOL_ERROR, T0 + 9 * MIN);
        }
        List<Notification> critical = at(T0 + 11 * MIN);
        assertThat(critical.stream().filter(n -> n.severity().equals("critical") && n.kind() == Kind.FIRING)).hasSize(8);

        // Once the hour has passed (criticals count too), the held ones go out as one digest.
        for (int t = 0; t < 8; t++) {
            calls("busy", "tool" + t, 8, 10, Outcome.SUCCESS, T0 + 71 * MIN);
            calls("busy", "tool" + t, 2, 10, Outcome.TOOL_ERROR, T0 + 71 * MIN);
        }
        List<Notification> later = at(T0 + 72 * MIN);
        assertThat(later).filteredOn(n -> n.kind() == Kind.DIGEST).singleElement()
                .satisfies(d -> assertThat(d.alerts()).filteredOn(n -> n.kind() == Kind.FIRING).hasSize(3));
        assertThat(engine.heldNotifications()).isZero();
    }

    @Test
    void escalatesAnUnacknowledgedCriticalAlertAfterAnHourButNotAnAcknowledgedOne() throws Exception {
        engine.setRule(rule("a", "t", AlertMetric.RESPONSE_TIME, 1000, Severity.CRITICAL, Duration.ZERO));
        engine.setRule(rule("b", "t", AlertMetric.RESPONSE_TIME, 1000, Severity.CRITICAL, Duration.ZERO));
        for (long m = 0; m <= 62; m += 2) {
            calls("a", "t", 10, 2000, Outcome.SUCCESS, T0 + m * MIN);
            calls("b", "t", 10, 2000, Outcome.SUCCESS, T0 + m * MIN);
        }
        at(T0 + 1_000);
        Alert b = engine.alerts(false).stream().filter(x -> x.server().equals("b")).findFirst().orElseThrow();
        engine.acknowledge(b.id(), "oncall@example.com", "looking into it", T0 + 2 * MIN);
        List<Notification> later = at(T0 + 61 * MIN);
        assertThat(later).filteredOn(n -> n.kind() == Kind.ESCALATED).singleElement()
                .satisfies(n -> assertThat(n.server()).isEqualTo("a"));
        assertThat(later).noneMatch(n -> b.id().equals(n.fields().get("alertId")));
        assertThat(engine.alert(b.id()).orElseThrow().status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(engine.alerts(false)).filteredOn(x -> x.server().equals("a") && x.severity() == Severity.CRITICAL).singleElement()
                .satisfies(x -> assertThat(x.status()).isEqualTo(AlertStatus.ESCALATED));
    }

    @Test
    void remindsAboutUnacknowledgedAlertsAndAcknowledgingStopsThat() throws Exception {
        engine.setRule(rule("r", "t", AlertMetric.RESPONSE_TIME, 100, Severity.WARNING, Duration.ZERO));
        for (long m = 0; m <= 130; m += 2) {
            calls("r", "t", 10, 300, Outcome.SUCCESS, T0 + m * MIN);
        }
        at(T0 + 1_000);
        assertThat(at(T0 + 61 * MIN)).extracting(Notification::kind).containsExactly(Kind.REMINDER);
        engine.acknowledge(engine.alerts(false).get(0).id(), "me", null, T0 + 62 * MIN);
        assertThat(at(T0 + 125 * MIN)).isEmpty();
        assertThatThrownBy(() -> engine.acknowledge("alert-nope", "me", null, T0)).hasMessageStartingWith("alertId:");
    }

    @Test
    void silencesMuteNotificationsButKeepTheAlert() throws Exception {
        engine.setRule(rule("quiet", "t", AlertMetric.ERROR_RATE, 1, Severity.WARNING, Duration.ZERO));
        engine.addSilence("quiet", null, null, Duration.ofHours(2), "ops", "planned maintenance", T0);
        calls("quiet", "t", 10, 5, Outcome.EXCEPTION, T0);
        assertThat(at(T0 + 1_000)).isEmpty();
        assertThat(engine.alerts(false)).singleElement().satisfies(a -> assertThat(engine.isSilenced(a, T0 + 1_000)).isTrue());
        assertThat(engine.silences(T0)).singleElement().satisfies(s -> assertThat(s.reason()).isEqualTo("planned maintenance"));
    }

    @Test
    void raisesNoDataForAServerThatWentSilentAndResolvesWhenItReturns() throws Exception {
        calls("gone", "t", 10, 5, Outcome.SUCCESS, T0);
        assertThat(at(T0 + 5 * MIN)).isEmpty();
        List<Notification> silent = at(T0 + 12 * MIN);
        assertThat(silent).singleElement().satisfies(n -> assertThat(n.title()).contains("gone: no data for"));
        calls("gone", "t", 10, 5, Outcome.SUCCESS, T0 + 13 * MIN);
        assertThat(at(T0 + 13 * MIN + 5_000)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Kind.RESOLVED);
            assertThat(n.title()).isEqualTo("[RESOLVED] gone: reporting again after 11 min without data");
        });
    }

    @Test
    void watchesProcessCpuAndMemoryPerServer() throws Exception {
        writer.reportResources(new ProcessRecord(T0, "x", 1, List.of("hot"), 95, 100, 1000, 92, 0, 0));
        writer.flush();
        engine.setRule(rule("hot", null, AlertMetric.CPU, 90, Severity.CRITICAL, Duration.ZERO));
        engine.setRule(rule("hot", null, AlertMetric.MEMORY, 90, Severity.CRITICAL, Duration.ZERO));
        assertThat(at(T0 + 1_000)).extracting(Notification::title)
                .containsExactlyInAnyOrder("[CRITICAL] hot: CPU 95.0 % > 90 %", "[CRITICAL] hot: heap 92.0 % of max > 90 %");
    }

    @Test
    void rulesAlertsAndAcknowledgementsSurviveARestart() throws Exception {
        engine.setRule(rule("keep", "t", AlertMetric.RESPONSE_TIME, 10, Severity.WARNING, Duration.ZERO));
        engine.deleteRule(AlertRule.idFor(null, null, AlertMetric.CPU, Severity.WARNING));
        calls("keep", "t", 10, 50, Outcome.SUCCESS, T0);
        at(T0 + 1_000);
        Alert a = engine.acknowledge(engine.alerts(false).get(0).id(), "me", "known", T0 + 2_000);

        AlertEngine again = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        assertThat(again.alerts(true)).containsExactlyElementsOf(engine.alerts(true));
        assertThat(again.alert(a.id()).orElseThrow().acknowledgedBy()).isEqualTo("me");
        assertThat(again.rules()).containsExactlyInAnyOrderElementsOf(engine.rules());
        assertThat(again.rules()).filteredOn(r -> r.metric() == AlertMetric.CPU && r.severity() == Severity.WARNING)
                .singleElement().satisfies(r -> assertThat(r.enabled()).isFalse());
    }

    @Test
    void ignoresWindowsWithTooFewCalls() throws Exception {
        engine.setRule(rule("rare", "t", AlertMetric.RESPONSE_TIME, 100, Severity.WARNING, Duration.ZERO));
        calls("rare", "t", 2, 5000, Outcome.SUCCESS, T0);
        assertThat(at(T0 + 1_000)).isEmpty();
    }

    static AlertRule rule(String server, String tool, AlertMetric metric, double threshold, Severity severity, Duration pending) {
        return new AlertRule(AlertRule.idFor(server, tool, metric, severity), server, tool, metric, Statistic.P95, threshold,
                severity, Duration.ofMinutes(5), pending, true, AlertRule.DEFAULT_MIN_CALLS, false);
    }
}
