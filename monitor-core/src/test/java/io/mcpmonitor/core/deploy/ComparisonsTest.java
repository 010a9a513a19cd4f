package io.mcpmonitor.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonsTest {

    private static final long MINUTE = 60_000L;
    private static final Instant DEPLOYED = Instant.parse("2026-11-25T10:20:30Z");

    @TempDir
    Path dir;

    /** 10 calls a minute per tool over [from, to), log-normal around {@code medianMs}. */
    private static void calls(Monitor m, SplittableRandom r, long from, long to, String server, String tool, double medianMs) {
        for (long t = from; t < to; t += MINUTE) {
            for (int i = 0; i < 10; i++) {
                double ms = medianMs * Math.exp(0.3 * gaussian(r));
                m.recordAt(t + i * 1000, server, tool, (long) (ms * 1e6), Outcome.SUCCESS, null, null);
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private StoreReader store() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        long at = DEPLOYED.toEpochMilli();
        long minute = at - at % MINUTE;
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId("scene").build()) {
            calls(m, r, minute - 20 * MINUTE, minute + MINUTE, "billing", "slow_query", 100);
            calls(m, r, minute - 20 * MINUTE, minute + MINUTE, "billing", "fast", 5);
            calls(m, r, minute + MINUTE, minute + 21 * MINUTE, "billing", "slow_query", 300); // v2 is 3x slower
            calls(m, r, minute + MINUTE, minute + 21 * MINUTE, "billing", "fast", 5);
            calls(m, r, minute - 20 * MINUTE, minute + 21 * MINUTE, "billing-staging", "slow_query", 100);
        }
        StoreReader reader = new StoreReader(Store.open(dir));
        reader.refresh();
        return reader;
    }

    @Test
    void judgesADeploymentFromTheMinutesAroundIt() throws Exception {
        Comparisons c = new Comparisons(store(), new CompareJudge(JudgeThresholds.DEFAULTS));
        Deployment d = new DeploymentLog(dir).record("billing", "2.0", null, DEPLOYED, "", "", "tool");
        JudgedComparison j = c.deployment(d, null, 15 * MINUTE, DEPLOYED.toEpochMilli() + 60 * MINUTE);
        assertThat(j.comparison().overall()).isEqualTo(Verdict.FAIL);
        assertThat(CompareJudge.byTool(j.comparison()).get("fast").verdict()).isEqualTo(Verdict.PASS);
        ToolVerdict slow = CompareJudge.byTool(j.comparison()).get("slow_query");
        assertThat(slow.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(slow.beforeCalls()).isEqualTo(150);
        assertThat(slow.afterCalls()).isEqualTo(150);
        assertThat(Instant.ofEpochMilli(j.beforeToMillis())).isEqualTo(Instant.parse("2026-11-25T10:20:00Z"));
        assertThat(Instant.ofEpochMilli(j.afterFromMillis())).isEqualTo(Instant.parse("2026-11-25T10:21:00Z"));
        assertThat(j.doNotPromote()).isFalse();
    }

    @Test
    void tooSoonAfterADeploymentIsNotEnoughData() throws Exception {
        Comparisons c = new Comparisons(store(), new CompareJudge(JudgeThresholds.DEFAULTS));
        Deployment d = new DeploymentLog(dir).record("billing", "2.0", null, DEPLOYED, "", "", "tool");
        JudgedComparison j = c.deployment(d, "slow_query", 15 * MINUTE, DEPLOYED.toEpochMilli() + 2 * MINUTE);
        assertThat(j.comparison().overall()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
    }

    @Test
    void stagingAgainstProductionAndTwoWindows() throws Exception {
        Comparisons c = new Comparisons(store(), new CompareJudge(JudgeThresholds.DEFAULTS));
        long at = DEPLOYED.toEpochMilli();
        JudgedComparison slower = c.servers("billing", "billing-staging", "slow_query", at + 2 * MINUTE, at + 18 * MINUTE);
        assertThat(slower.comparison().overall()).isEqualTo(Verdict.FAIL);
        assertThat(slower.doNotPromote()).isTrue();
        JudgedComparison equal = c.servers("billing-staging", "billing", "slow_query", at - 18 * MINUTE, at - 2 * MINUTE);
        assertThat(equal.comparison().overall()).as(equal.comparison().toString()).isEqualTo(Verdict.PASS);
        JudgedComparison windows = c.windows("billing", null, at - 18 * MINUTE, at - 2 * MINUTE, at + 2 * MINUTE,
                at + 18 * MINUTE);
        assertThat(windows.comparison().overall()).isEqualTo(Verdict.FAIL);
    }
}
