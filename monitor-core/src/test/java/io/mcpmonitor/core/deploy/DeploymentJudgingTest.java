package io.mcpmonitor.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentJudgingTest {

    private static final long MINUTE = 60_000L;
    private static final Instant DEPLOYED = Instant.parse("2026-11-25T10:20:30Z");
    private static final JudgingPolicy POLICY = JudgingPolicy.of(Duration.ofMinutes(15), JudgeThresholds.DEFAULTS);

    @TempDir
    Path dir;

    /** billing 1.0 for 20 minutes, then 2.0 with slow_query three times slower; lookup unchanged. */
    private StoreReader scene(double slowerBy) throws Exception {
        SplittableRandom r = new SplittableRandom(2);
        long minute = DEPLOYED.toEpochMilli() - DEPLOYED.toEpochMilli() % MINUTE;
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId("scene").build()) {
            for (long t = minute - 20 * MINUTE; t < minute + 40 * MINUTE; t += 6_000) {
                double factor = t >= DEPLOYED.toEpochMilli() ? slowerBy : 1;
                m.recordAt(t, "billing", "slow_query", (long) (100e6 * factor * (0.8 + 0.4 * r.nextDouble())),
                        Outcome.SUCCESS, null, null);
                m.recordAt(t, "billing", "lookup", (long) (5e6 * (0.8 + 0.4 * r.nextDouble())), Outcome.SUCCESS, null, null);
            }
        }
        StoreReader reader = new StoreReader(Store.open(dir));
        reader.refresh();
        return reader;
    }

    private static long at(int minutesAfterDeployment) {
        return DEPLOYED.toEpochMilli() + minutesAfterDeployment * MINUTE;
    }

    @Test
    void aRegressionIsJudgedOnceAtTheDelayAndOpensOneAlert() throws Exception {
        StoreReader reader = scene(3);
        AlertEngine alerts = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        DeploymentLog log = new DeploymentLog(dir);
        log.record("billing", "1.0", null, DEPLOYED.minusSeconds(3600), "", "", "tool");
        Deployment d = log.record("billing", "2.0", null, DEPLOYED, "ci", "", "tool");
        DeploymentJudging judging = new DeploymentJudging(reader, log, alerts, POLICY);

        assertThat(judging.run(at(14))).isEmpty();
        assertThat(log.verdicts()).isEmpty();
        List<Notification> sent = judging.run(at(16));
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.DEPLOYMENT_REGRESSION);
            assertThat(n.severity()).isEqualTo("critical");
            assertThat(n.fields()).containsEntry("mcpServer", "billing").containsEntry("version", "2.0")
                    .containsEntry("previousVersion", "1.0").containsEntry("verdict", "fail")
                    .containsEntry("deploymentId", d.id()).containsEntry("failingTools", List.of("slow_query"));
            assertThat(n.title()).contains("billing 1.0 -> 2.0 (production): deployment regression (slow_query)");
            assertThat(n.text()).contains("Roll back to 1.0");
        });
        assertThat(log.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(v.doNotPromote()).isFalse();
        });
        List<Notification> fired = alerts.evaluate(reader, at(16) + 1000);
        assertThat(fired).filteredOn(n -> n.kind() == Notification.Kind.FIRING).singleElement()
                .satisfies(n -> assertThat(n.fields()).containsEntry("ruleId", "deployment_regression")
                        .containsEntry("toolName", "slow_query").containsEntry("severity", "critical"));

        assertThat(judging.run(at(17))).isEmpty();
        assertThat(new DeploymentJudging(reader, new DeploymentLog(dir), alerts, POLICY).run(at(18))).isEmpty();
        assertThat(log.verdicts()).hasSize(1);

        // The rollback is a newer deployment: the regression alert ends with it.
        log.record("billing", "1.0", null, Instant.ofEpochMilli(at(19)), "rollback", "", "tool");
        judging.run(at(19));
        List<Notification> after = alerts.evaluate(reader, at(19) + 1000);
        assertThat(after).anyMatch(n -> n.kind() == Notification.Kind.RESOLVED);
        assertThat(alerts.alerts(false)).noneMatch(a -> a.metric() == AlertMetric.RESPONSE_TIME
                && "slow_query".equals(a.tool()) && a.ruleId().contains("deployment_regression"));
    }

    @Test
    void anEqualBuildPassesQuietlyAndAStagingFailMustNotBePromoted() throws Exception {
        StoreReader reader = scene(1);
        AlertEngine alerts = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        DeploymentLog log = new DeploymentLog(dir);
        log.record("billing", "2.0", null, DEPLOYED, "", "", "tool");
        assertThat(new DeploymentJudging(reader, log, alerts, POLICY).run(at(16))).isEmpty();
        assertThat(log.verdicts()).singleElement().satisfies(v -> assertThat(v.verdict()).isEqualTo(Verdict.PASS));
        assertThat(alerts.alerts(false)).isEmpty();
    }

    @Test
    void stagingFailIsDoNotPromote() throws Exception {
        StoreReader reader = scene(3);
        DeploymentLog log = new DeploymentLog(dir);
        log.record("billing", "2.0-rc1", "staging", DEPLOYED, "", "", "tool");
        List<Notification> sent = new DeploymentJudging(reader, log, AlertEngine.open(dir, AlertPolicy.DEFAULT), POLICY)
                .run(at(16));
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.fields()).containsEntry("doNotPromote", true).containsEntry("environment", "staging");
            assertThat(n.title()).contains("do not promote");
        });
    }

    @Test
    void tooLittleTrafficWaitsThenSaysSo() throws Exception {
        StoreReader reader = scene(3);
        DeploymentLog log = new DeploymentLog(dir);
        log.record("billing", "2.0", null, DEPLOYED, "", "", "tool");
        JudgingPolicy strict = JudgingPolicy.of(Duration.ofMinutes(15), JudgeThresholds.DEFAULTS.withMinCallsPerTool(100_000));
        DeploymentJudging judging = new DeploymentJudging(reader, log, AlertEngine.open(dir, AlertPolicy.DEFAULT), strict);
        assertThat(judging.run(at(16))).isEmpty();
        assertThat(log.verdicts()).isEmpty();
        assertThat(judging.run(at(61))).isEmpty();
        assertThat(log.verdicts()).singleElement().satisfies(v -> assertThat(v.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA));
    }

    @Test
    void oldDeploymentsOfAnOldStoreAreNotJudged() throws Exception {
        StoreReader reader = scene(3);
        DeploymentLog log = new DeploymentLog(dir);
        log.record("billing", "2.0", null, DEPLOYED, "", "", "tool");
        assertThat(new DeploymentJudging(reader, log, AlertEngine.open(dir, AlertPolicy.DEFAULT), POLICY)
                .run(at(25 * 60))).isEmpty();
        assertThat(log.verdicts()).isEmpty();
    }

}
