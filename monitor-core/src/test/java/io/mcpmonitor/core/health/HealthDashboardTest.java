package io.mcpmonitor.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.alert.AlertScene;
import io.mcpmonitor.core.alert.Severity;
import io.mcpmonitor.core.alert.Statistic;
import io.mcpmonitor.core.record.ManualClock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over a real store and alert engine, driven by a manual clock. */
class HealthDashboardTest {

    static final long T0 = Instant.parse("2026-11-25T10:00:30Z").toEpochMilli();
    static final long MIN = 60_000;

    @TempDir
    Path dir;

    ManualClock clock;
    Monitor writer;
    StoreReader reader;
    AlertEngine engine;
    HealthDashboard health;

    @BeforeEach
    void open() throws Exception {
        AlertScene scene = new AlertScene(dir, T0);
        clock = scene.clock;
        writer = scene.writer;
        reader = scene.reader;
        engine = scene.engine;
        health = new HealthDashboard(reader, engine);
    }

    void calls(String server, String tool, int n, double ms, Outcome outcome, long at) {
        for (int i = 0; i < n; i++) {
            writer.recordAt(at, server, tool, (long) (ms * 1_000_000), outcome, outcome.isError() ? "tool_error" : null,
                    outcome.isError() ? "upstream failed" : null);
        }
        writer.flush();
    }

    Dashboard at(long now) {
        reader.refresh();
        return health.compute(now);
    }

    static ServerHealth server(Dashboard d, String name) {
        return d.servers().stream().filter(s -> s.server().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void scoresEachServerByItsWorstToolAgainstTheAlertRules() {
        calls("fine", "a", 50, 20, Outcome.SUCCESS, T0 - 2 * MIN);
        calls("slow", "a", 50, 20, Outcome.SUCCESS, T0 - 2 * MIN);
        calls("slow", "b", 50, 1500, Outcome.SUCCESS, T0 - 2 * MIN);
        calls("failing", "a", 90, 20, Outcome.SUCCESS, T0 - MIN);
        calls("failing", "a", 10, 20, Outcome.TOOL_ERROR, T0 - MIN);
        Dashboard d = at(T0);

        ServerHealth fine = server(d, "fine");
        assertThat(fine.healthScore()).isEqualTo(100);
        assertThat(fine.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(fine.reasons()).isEmpty();
        ServerHealth slow = server(d, "slow");
        // b's p95 is 1500 ms (read back 1 % high at most): half way from critical (1000) to twice critical: 55 points
        assertThat(slow.healthScore()).isBetween(44, 45);
        assertThat(slow.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(slow.reasons()).singleElement().asString().startsWith("b: p95 15").contains("critical threshold 1000 ms");
        assertThat(slow.p95ResponseTime()).isBetween(1490.0, 1520.0); // merged over both tools
        assertThat(slow.avgResponseTime()).isBetween(750.0, 770.0);
        ServerHealth failing = server(d, "failing");
        assertThat(failing.errorRate()).isEqualTo(10.0);
        assertThat(failing.status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(d.servers()).extracting(ServerHealth::server).containsExactly("failing", "slow", "fine");

        assertThat(d.totals().servers()).isEqualTo(3);
        assertThat(d.totals().healthy()).isEqualTo(1);
        assertThat(d.totals().critical()).isEqualTo(2);
        assertThat(d.totals().calls()).isEqualTo(250);
        assertThat(d.totals().errorRate()).isEqualTo(4.0);
        assertThat(d.systemHealth().healthScore()).isEqualTo(Math.min(failing.healthScore(), slow.healthScore()));
        assertThat(d.systemHealth().status()).isEqualTo(HealthStatus.CRITICAL);
        assertThat(d.toMillis() - d.fromMillis()).isEqualTo(15 * MIN);
    }

    @Test
    void aToolWithFewerCallsThanTheRuleAsksIsNotJudged() {
        calls("rare", "a", 4, 5000, Outcome.TOOL_ERROR, T0);
        ServerHealth rare = server(at(T0), "rare");
        assertThat(rare.healthScore()).isEqualTo(100);
        assertThat(rare.errorRate()).isEqualTo(100.0);
    }

    @Test
    void theRulesInForceDecideWhatIsSlow() throws Exception {
        calls("batch", "export", 20, 3000, Outcome.SUCCESS, T0);
        assertThat(server(at(T0), "batch").status()).isEqualTo(HealthStatus.CRITICAL);
        for (Severity sev : Severity.values()) {
            engine.setRule(new AlertRule(AlertRule.idFor("batch", null, AlertMetric.RESPONSE_TIME, sev), "batch", null,
                    AlertMetric.RESPONSE_TIME, Statistic.P99, sev == Severity.WARNING ? 10_000 : 20_000, sev,
                    Duration.ofMinutes(5), Duration.ZERO, true, 5, false));
        }
        assertThat(server(at(T0), "batch").healthScore()).isEqualTo(100);
    }

    @Test
    void openAlertsAndSilenceCostHealth() throws Exception {
        calls("srv", "t", 20, 1500, Outcome.SUCCESS, T0);
        engine.setRule(new AlertRule("fast", "srv", "t", AlertMetric.RESPONSE_TIME, Statistic.P95, 1000, Severity.CRITICAL,
                Duration.ofMinutes(5), Duration.ZERO, true, 1, false));
        reader.refresh();
        engine.evaluate(reader, T0);
        Dashboard d = at(T0);
        ServerHealth srv = server(d, "srv");
        assertThat(srv.activeAlerts()).isEqualTo(1);
        assertThat(srv.healthScore()).isBetween(100 - 56 - 25, 100 - 55 - 25);
        assertThat(srv.reasons()).anyMatch(r -> r.startsWith("1 open alert (1 critical, 0 acknowledged)"));
        assertThat(d.totals().criticalAlerts()).isEqualTo(1);

        String id = engine.alerts(false).get(0).id();
        engine.acknowledge(id, "me", null, T0);
        assertThat(server(at(T0), "srv").healthScore()).isBetween(100 - 56 - 13, 100 - 55 - 12);

        // 15 minutes later nothing is in the window; silent longer than the no_data rule's 10 minutes
        long later = T0 + 16 * MIN;
        ServerHealth silent = server(at(later), "srv");
        assertThat(silent.calls()).isZero();
        assertThat(silent.reasons()).anyMatch(r -> r.startsWith("no calls for 15 min"));
        assertThat(silent.healthScore()).isEqualTo(57); // 100 - 30 - 12.5, floored
    }

    @Test
    void lateDataInAClosedMinuteIsSeenThoughMergesAreKept() {
        calls("srv", "t", 20, 100, Outcome.SUCCESS, T0 - 3 * MIN);
        assertThat(server(at(T0), "srv").status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(health.timeline("srv", 5, T0).get(1).calls()).isEqualTo(20);
        calls("other", "t", 5, 100, Outcome.SUCCESS, T0); // a change elsewhere only
        assertThat(server(at(T0), "srv").calls()).isEqualTo(20);

        calls("srv", "t", 20, 3000, Outcome.SUCCESS, T0 - 3 * MIN); // a late flush into a closed minute
        ServerHealth late = server(at(T0), "srv");
        assertThat(late.calls()).isEqualTo(40);
        assertThat(late.status()).isEqualTo(HealthStatus.CRITICAL);
        TimelinePoint minute = health.timeline("srv", 5, T0).get(1);
        assertThat(minute.calls()).isEqualTo(40);
        assertThat(minute.p95()).isGreaterThan(2900);
        // a minute later the window moved: merged again, same answer
        assertThat(server(at(T0 + MIN), "srv").calls()).isEqualTo(40);
    }

    @Test
    void withoutServersTheSystemIsHealthy() {
        Dashboard d = at(T0);
        assertThat(d.servers()).isEmpty();
        assertThat(d.systemHealth()).isEqualTo(new SystemHealth(100, 100, HealthStatus.HEALTHY));
    }

    @Test
    void timelineGivesPercentilesAndErrorRatePerMinute() {
        calls("srv", "t", 10, 100, Outcome.SUCCESS, T0 - 2 * MIN);
        calls("srv", "u", 10, 300, Outcome.EXCEPTION, T0 - 2 * MIN);
        calls("other", "t", 10, 900, Outcome.SUCCESS, T0);
        reader.refresh();
        List<TimelinePoint> srv = health.timeline("srv", 5, T0);
        assertThat(srv).hasSize(5);
        TimelinePoint p = srv.get(2);
        assertThat(p.minuteMillis()).isEqualTo(T0 - 30_000 - 2 * MIN);
        assertThat(p.calls()).isEqualTo(20);
        assertThat(p.errorRate()).isEqualTo(50.0);
        assertThat(p.p50()).isBetween(99.0, 101.0);
        assertThat(p.p99()).isBetween(299.0, 302.0);
        assertThat(srv.get(4).calls()).isZero();
        assertThat(health.timeline(null, 5, T0).get(4).calls()).isEqualTo(10);
    }
}
