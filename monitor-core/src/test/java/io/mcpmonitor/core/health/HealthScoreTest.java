package io.mcpmonitor.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.alert.DefaultRules;
import io.mcpmonitor.core.alert.Severity;
import io.mcpmonitor.core.alert.Statistic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health score formula of docs/DASHBOARD.md, at the boundaries of its statuses. */
class HealthScoreTest {

    static final Limits P95 = new Limits(500, 1000, Statistic.P95, 5);
    static final Limits ERRORS = new Limits(1, 5, Statistic.P95, 5);

    static int scoreOf(double value, Limits l) {
        return HealthScore.score(HealthScore.metricPenalty(value, l));
    }

    @Test
    void statusBoundariesAre80And50() {
        assertThat(HealthStatus.ofScore(100)).isEqualTo(HealthStatus.HEALTHY);
        assertThat(HealthStatus.ofScore(80)).isEqualTo(HealthStatus.HEALTHY);
        assertThat(HealthStatus.ofScore(79)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.ofScore(50)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.ofScore(49)).isEqualTo(HealthStatus.CRITICAL);
        assertThat(HealthStatus.ofScore(0)).isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void aValueUpToHalfTheWarningThresholdCostsNothing() {
        assertThat(scoreOf(0, P95)).isEqualTo(100);
        assertThat(scoreOf(250, P95)).isEqualTo(100);
        assertThat(scoreOf(0.5, ERRORS)).isEqualTo(100);
        assertThat(scoreOf(375, P95)).isEqualTo(90); // half way to the warning threshold: half of 20
    }

    @Test
    void exactlyAtTheWarningThresholdIsStillHealthyAndJustOverIsDegraded() {
        assertThat(scoreOf(500, P95)).isEqualTo(80);
        assertThat(HealthStatus.ofScore(scoreOf(500, P95))).isEqualTo(HealthStatus.HEALTHY);
        assertThat(HealthStatus.ofScore(scoreOf(500.01, P95))).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.ofScore(scoreOf(1.0, ERRORS))).isEqualTo(HealthStatus.HEALTHY);
        assertThat(HealthStatus.ofScore(scoreOf(1.001, ERRORS))).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void exactlyAtTheCriticalThresholdIsDegradedAndJustOverIsCritical() {
        assertThat(scoreOf(1000, P95)).isEqualTo(50);
        assertThat(HealthStatus.ofScore(scoreOf(1000, P95))).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.ofScore(scoreOf(1000.01, P95))).isEqualTo(HealthStatus.CRITICAL);
        assertThat(scoreOf(750, P95)).isEqualTo(65);
        assertThat(HealthStatus.ofScore(scoreOf(5.01, ERRORS))).isEqualTo(HealthStatus.CRITICAL);
    }

    @Test
    void oneMetricCostsAtMostSixtyReachedAtTwiceTheCriticalThreshold() {
        assertThat(scoreOf(1500, P95)).isEqualTo(45);
        assertThat(scoreOf(2000, P95)).isEqualTo(40);
        assertThat(scoreOf(60_000, P95)).isEqualTo(40);
        assertThat(scoreOf(100, ERRORS)).isEqualTo(40);
        // both metrics at their worst leave nothing
        assertThat(HealthScore.score(HealthScore.metricPenalty(9e9, P95) + HealthScore.metricPenalty(100, ERRORS))).isZero();
    }

    @Test
    void notJudgedOrNotWatchedCostsNothing() {
        assertThat(HealthScore.metricPenalty(Double.NaN, P95)).isZero();
        assertThat(HealthScore.metricPenalty(9e9, Limits.NONE)).isZero();
    }

    @Test
    void openAlertsCostBySeverityHalfOnceAcknowledgedAndAtMostFifty() {
        assertThat(HealthScore.score(HealthScore.alertPenalty(0, 1, 0, 0))).isEqualTo(90);
        assertThat(HealthScore.score(HealthScore.alertPenalty(1, 0, 0, 0))).isEqualTo(75);
        assertThat(HealthStatus.ofScore(HealthScore.score(HealthScore.alertPenalty(1, 0, 0, 0)))).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthScore.score(HealthScore.alertPenalty(0, 0, 1, 0))).isEqualTo(87);
        assertThat(HealthScore.score(HealthScore.alertPenalty(0, 0, 0, 1))).isEqualTo(95);
        assertThat(HealthScore.score(HealthScore.alertPenalty(9, 9, 0, 0))).isEqualTo(50);
    }

    @Test
    void theScoreStaysWithinZeroAndHundred() {
        assertThat(HealthScore.score(-5)).isEqualTo(100);
        assertThat(HealthScore.score(500)).isZero();
        assertThat(HealthScore.score(HealthScore.NO_DATA)).isEqualTo(70);
    }

    @Test
    void limitsComeFromTheMostSpecificRulesInForce() {
        List<AlertRule> rules = new ArrayList<>(DefaultRules.all());
        assertThat(Limits.of(rules, AlertMetric.RESPONSE_TIME, "a", "t")).isEqualTo(new Limits(500, 1000, Statistic.P95, 5));
        assertThat(Limits.of(rules, AlertMetric.ERROR_RATE, "a", "t")).isEqualTo(new Limits(1, 5, Statistic.P95, 5));
        rules.add(rule("a", "batch", 4000, Severity.WARNING, true, Statistic.P99));
        Limits onlyWarning = Limits.of(rules, AlertMetric.RESPONSE_TIME, "a", "batch");
        // the server-and-tool rules replace the defaults at every severity: with only a warning rule, critical is twice it
        assertThat(onlyWarning).isEqualTo(new Limits(4000, 8000, Statistic.P99, 5));
        rules.add(rule("a", "batch", 6000, Severity.CRITICAL, true, Statistic.P99));
        assertThat(Limits.of(rules, AlertMetric.RESPONSE_TIME, "a", "batch")).isEqualTo(new Limits(4000, 6000, Statistic.P99, 5));
        // only a critical rule for a server gives a warning at half of it; a rule switched off for it leaves none
        List<AlertRule> off = new ArrayList<>(DefaultRules.all());
        off.add(rule("b", null, 1000, Severity.CRITICAL, true, Statistic.P95));
        assertThat(Limits.of(off, AlertMetric.RESPONSE_TIME, "b", "x")).isEqualTo(new Limits(500, 1000, Statistic.P95, 5));
        off.add(rule("c", null, 500, Severity.WARNING, false, Statistic.P95));
        assertThat(Limits.of(off, AlertMetric.RESPONSE_TIME, "c", "x")).isEqualTo(Limits.NONE);
        assertThat(Limits.of(off, AlertMetric.RESPONSE_TIME, "d", "x")).isEqualTo(new Limits(500, 1000, Statistic.P95, 5));
    }

    static AlertRule rule(String server, String tool, double threshold, Severity severity, boolean enabled, Statistic st) {
        return new AlertRule(AlertRule.idFor(server, tool, AlertMetric.RESPONSE_TIME, severity),
                server, tool, AlertMetric.RESPONSE_TIME, st, threshold, severity, Duration.ofMinutes(5), Duration.ZERO,
                enabled, 5, false);
    }
}
