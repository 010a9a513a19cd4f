package io.mcpmonitor.core.alert;

import static io.mcpmonitor.core.alert.AlertScene.MIN;
import static io.mcpmonitor.core.alert.AlertScene.T0;
import static io.mcpmonitor.core.alert.AlertScene.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notification.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One problem, one alert: a (server, tool, metric) holds one open alert at its current severity,
 * raised and lowered in place; the rules of the most specific scope decide at every severity; a
 * resolution quotes the value at resolution.
 */
class OneAlertPerProblemTest {

    @TempDir
    Path dir;

    AlertScene scene;

    @BeforeEach
    void open() throws Exception {
        scene = new AlertScene(dir);
    }

    @Test
    void aToolFailingEveryCallHoldsOneCriticalAlertThatDropsToWarningAndResolvesWithTheValueThen() throws Exception {
        scene.calls("srv", "flaky", 0, 20, 5, T0);                          // 100 % errors, default rules
        assertThat(scene.at(T0 + 1_000)).isEmpty();                         // pending 1 min at both severities
        List<Notification> fired = scene.at(T0 + 62_000);
        assertThat(fired).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Kind.FIRING);
            assertThat(n.severity()).isEqualTo("critical");
            assertThat(n.title()).isEqualTo("[CRITICAL] srv/flaky: error rate 100.00 % > 5 %");
        });
        Alert critical = scene.onlyOpenAlert();
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(critical.ruleId()).isEqualTo("default-error_rate-critical");

        scene.calls("srv", "flaky", 97, 3, 5, T0 + 10 * MIN);               // 3 %: over 1 %, under 5 %
        List<Notification> lowered = scene.at(T0 + 11 * MIN);
        assertThat(lowered).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Kind.DEESCALATED);
            assertThat(n.severity()).as("routed to those told of the critical problem").isEqualTo("critical");
            assertThat(n.fields()).containsEntry("alertId", critical.id()).containsEntry("severity", "warning")
                    .containsEntry("previousSeverity", "critical").containsEntry("currentValue", 3.0)
                    .containsEntry("threshold", 1.0);
            assertThat(n.title()).isEqualTo("[WARNING] srv/flaky: error rate 3.00 % > 1 % (down from critical)");
        });
        Alert warning = scene.onlyOpenAlert();
        assertThat(warning.id()).isEqualTo(critical.id());
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.peakValue()).isEqualTo(100.0);
        assertThat(scene.engine.alerts(true)).as("no second alert, open or resolved").hasSize(1);

        scene.calls("srv", "flaky", 199, 1, 5, T0 + 20 * MIN);              // 0.5 %
        List<Notification> resolved = scene.at(T0 + 21 * MIN);
        assertThat(resolved).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Kind.RESOLVED);
            assertThat(n.fields()).containsEntry("alertId", critical.id()).containsEntry("currentValue", 0.5)
                    .containsEntry("peakValue", 100.0).containsEntry("status", "resolved");
            assertThat(n.title()).isEqualTo("[RESOLVED] srv/flaky: error rate now 0.50 % (threshold 1 %, peak 100.00 %)");
        });
        assertThat(scene.engine.alert(critical.id()).orElseThrow().currentValue()).isEqualTo(0.5);
    }

    @Test
    void aWarningRaisedToCriticalIsTheSameAlertActiveAgainAndEscalatesAnHourAfterTheRaise() throws Exception {
        scene.engine.setRule(rule(null, null, AlertMetric.ERROR_RATE, 1, Severity.WARNING, Duration.ZERO));
        scene.engine.setRule(rule(null, null, AlertMetric.ERROR_RATE, 5, Severity.CRITICAL, Duration.ZERO));
        scene.calls("srv", "t", 97, 3, 5, T0);
        assertThat(scene.at(T0 + 1_000)).extracting(Notification::severity).containsExactly("warning");
        Alert warning = scene.onlyOpenAlert();
        scene.engine.acknowledge(warning.id(), "me", "known", T0 + 2_000);

        scene.calls("srv", "t", 50, 50, 5, T0 + 2 * MIN);
        List<Notification> raised = scene.at(T0 + 3 * MIN);
        assertThat(raised).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Kind.FIRING);
            assertThat(n.severity()).isEqualTo("critical");
            assertThat(n.fields()).containsEntry("alertId", warning.id()).containsEntry("previousSeverity", "warning");
            assertThat(n.title()).endsWith("(up from warning)");
        });
        Alert critical = scene.onlyOpenAlert();
        assertThat(critical.status()).as("acknowledging the warning did not cover the critical problem")
                .isEqualTo(AlertStatus.ACTIVE);
        assertThat(critical.severitySinceMillis()).isEqualTo(T0 + 3 * MIN);

        for (long m = 4; m <= 64; m += 2) {
            scene.calls("srv", "t", 50, 50, 5, T0 + m * MIN);
        }
        assertThat(scene.at(T0 + 62 * MIN)).as("less than an hour at critical").noneMatch(n -> n.kind() == Kind.ESCALATED);
        assertThat(scene.at(T0 + 63 * MIN + 1_000)).extracting(Notification::kind).containsExactly(Kind.ESCALATED);
    }

    @Test
    void aRuleForOneToolReplacesTheBuiltInRulesOfThatMetricAtEverySeverity() throws Exception {
        scene.engine.setRule(rule("srv", "flaky", AlertMetric.ERROR_RATE, 10, Severity.WARNING, Duration.ZERO));
        scene.calls("srv", "flaky", 92, 8, 5, T0);                          // 8 %: over the built-in 5 %, under its own 10 %
        scene.calls("srv", "other", 92, 8, 5, T0);
        scene.at(T0 + 1_000);
        List<Notification> fired = scene.at(T0 + 62_000);
        assertThat(fired).singleElement().satisfies(n -> assertThat(n.title()).startsWith("[CRITICAL] srv/other: error rate"));

        scene.calls("srv", "flaky", 40, 60, 5, T0 + 2 * MIN);               // way over: still only its own warning rule
        assertThat(scene.at(T0 + 3 * MIN)).singleElement().satisfies(n -> {
            assertThat(n.title()).startsWith("[WARNING] srv/flaky: error rate");
            assertThat(n.fields()).containsEntry("ruleId", AlertRule.idFor("srv", "flaky", AlertMetric.ERROR_RATE, Severity.WARNING));
        });
        assertThat(AlertRule.effective(scene.engine.rules(), AlertMetric.ERROR_RATE, Severity.CRITICAL, "srv", "flaky")).isEmpty();
        assertThat(AlertRule.effective(scene.engine.rules(), AlertMetric.ERROR_RATE, Severity.CRITICAL, "srv", "other"))
                .hasValueSatisfying(r -> assertThat(r.builtIn()).isTrue());
    }

    @Test
    void aProblemRaisedFromOutsideJoinsTheAlertOfItsKeyAndLapsesWhenNotRaisedAgain() throws Exception {
        scene.engine.setRule(rule(null, null, AlertMetric.ERROR_RATE, 1, Severity.WARNING, Duration.ZERO));
        for (long m = 0; m <= 30; m += 2) {
            scene.calls("srv", "t", 97, 3, 5, T0 + m * MIN);
        }
        scene.at(T0 + 1_000);
        Alert warning = scene.onlyOpenAlert();
        long revision = scene.engine.revision();
        scene.engine.raise(new Condition("anomaly-error_rate_spike", "srv", "t", AlertMetric.ERROR_RATE, Severity.CRITICAL,
                3.0, 0.4, null), T0 + 2 * MIN, Duration.ofMinutes(10));
        assertThat(scene.engine.revision()).as("an evaluation loop sees the change").isGreaterThan(revision);

        AlertEngine reopened = AlertEngine.open(dir, AlertPolicy.DEFAULT);   // what is raised survives a restart
        scene.engine = reopened;
        assertThat(scene.at(T0 + 3 * MIN)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Kind.FIRING);
            assertThat(n.fields()).containsEntry("alertId", warning.id()).containsEntry("ruleId", "anomaly-error_rate_spike")
                    .containsEntry("severity", "critical");
        });
        assertThat(scene.at(T0 + 13 * MIN)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Kind.DEESCALATED);
            assertThat(n.fields()).containsEntry("alertId", warning.id()).containsEntry("ruleId", "default-error_rate-warning");
        });
        assertThat(scene.engine.alerts(true)).hasSize(1);
    }

    @Test
    void aRaisedProblemAloneOpensAnAlertAndClearingItResolvesIt() throws Exception {
        scene.calls("srv", "t", 100, 0, 5, T0);
        scene.engine.raise(new Condition("anomaly-latency_shift", "srv", "t", AlertMetric.RESPONSE_TIME, Severity.CRITICAL,
                2400, 900, "p95"), T0, Duration.ofMinutes(10));
        assertThat(scene.at(T0 + 1_000)).singleElement()
                .satisfies(n -> assertThat(n.title()).isEqualTo("[CRITICAL] srv/t: p95 response time 2400.0 ms > 900 ms"));
        assertThat(scene.engine.clear("anomaly-latency_shift", "srv", "t", AlertMetric.RESPONSE_TIME)).isTrue();
        assertThat(scene.at(T0 + 2 * MIN)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Kind.RESOLVED);
            assertThat((Double) n.fields().get("currentValue")).as("the built-in p95 rule's reading now").isCloseTo(5.0,
                    org.assertj.core.data.Offset.offset(0.05));
        });
    }

    @Test
    void stateHoldingAnAlertPerSeverityOfOneProblemOpensAsOneAlertAtTheHigherSeverity() throws Exception {
        scene.engine.setRule(rule("srv", "t", AlertMetric.ERROR_RATE, 1, Severity.WARNING, Duration.ZERO));
        scene.calls("srv", "t", 0, 10, 5, T0);
        scene.at(T0 + 1_000);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var state = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(scene.engine.stateFile().toFile());
        var alerts = (com.fasterxml.jackson.databind.node.ArrayNode) state.get("alerts");
        var critical = alerts.get(0).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) critical).put("id", "alert-old").put("severity", "CRITICAL")
                .remove(List.of("peakValue", "severitySinceMillis")); // as written before those fields existed
        alerts.add(critical);
        json.writeValue(scene.engine.stateFile().toFile(), state);

        AlertEngine again = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        assertThat(again.alerts(false)).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("alert-old");
            assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.peakValue()).isEqualTo(100.0);
            assertThat(a.severitySinceMillis()).isEqualTo(a.startsMillis());
        });
        assertThat(again.alerts(true)).filteredOn(a -> !a.status().isOpen()).singleElement()
                .satisfies(a -> assertThat(a.resolution()).isEqualTo("merged into alert-old"));
    }

    @Test
    void anAlertResolvedForWantOfCallsSaysSoAndKeepsNoValue() throws Exception {
        scene.engine.setRule(rule("srv", "t", AlertMetric.ERROR_RATE, 1, Severity.WARNING, Duration.ZERO));
        scene.calls("srv", "t", 0, 10, 5, T0);
        scene.at(T0 + 1_000);
        List<Notification> resolved = scene.at(T0 + 30 * MIN);
        assertThat(resolved).filteredOn(n -> n.title().contains("srv/t")).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Kind.RESOLVED);
            assertThat(n.fields()).doesNotContainKey("currentValue").containsEntry("peakValue", 100.0);
            assertThat(n.title()).isEqualTo("[RESOLVED] srv/t: error rate: too few calls to judge now (threshold 1 %, peak 100.00 %)");
            assertThat(n.text()).contains("too few calls or samples in the window to judge");
        });
        AlertEngine again = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        assertThat(again.alerts(true)).filteredOn(a -> a.tool().equals("t")).singleElement()
                .satisfies(a -> assertThat(a.currentValue()).isNaN());
    }
}
