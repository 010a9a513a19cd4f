package io.mcpmonitor.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mcpmonitor.core.store.HistogramFormat;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CompareJudgeTest {

    private static final double MINUTES = 15;
    private final CompareJudge judge = new CompareJudge(JudgeThresholds.DEFAULTS);

    /** {@code calls} log-normal latencies around a 100 ms median, transformed by {@code shift}, with errors at {@code errorRate}. */
    static ToolWindow window(Random random, int calls, double errorRate, DoubleUnaryOperator shift) {
        Histogram h = HistogramFormat.newHistogram();
        long errors = 0;
        for (int i = 0; i < calls; i++) {
            double ms = 100 * Math.exp(0.4 * random.nextGaussian());
            h.recordValue((long) (shift.applyAsDouble(ms) * 1e6));
            if (random.nextDouble() < errorRate) {
                errors++;
            }
        }
        return new ToolWindow(LatencySample.of(h), calls, errors, MINUTES);
    }

    static ToolWindow window(Random random, int calls, double errorRate) {
        return window(random, calls, errorRate, ms -> ms);
    }

    private ToolVerdict judge(ToolWindow before, ToolWindow after) {
        return judge.judgeTool("slow_query", before, after);
    }

    @Test
    void everyCallTwiceAsSlowFails() {
        Random r = new Random(1);
        ToolVerdict v = judge(window(r, 1000, 0.01), window(r, 1000, 0.01, ms -> 2 * ms));
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(v.latencyVerdict()).isEqualTo(Verdict.FAIL);
        assertThat(v.p95Ratio()).isCloseTo(2.0, within(0.15));
        assertThat(v.p50Ratio()).isCloseTo(2.0, within(0.15));
        assertThat(v.cliffsDelta()).isGreaterThan(0.474);
        assertThat(v.mannWhitneyP()).isLessThan(1e-6);
        assertThat(v.reasons()).anyMatch(s -> s.contains("p95 is"));
    }

    @Test
    void aDoubledTailFailsEvenWithTheMedianUnmoved() {
        Random r = new Random(2);
        ToolWindow before = window(r, 1000, 0.01);
        double oldP90 = before.latency().percentileNanos(90) / 1e6;
        ToolVerdict v = judge(before, window(r, 1000, 0.01, ms -> ms > oldP90 ? 2.2 * ms : ms));
        assertThat(v.p50Ratio()).isCloseTo(1.0, within(0.1));
        assertThat(v.p95Ratio()).isGreaterThanOrEqualTo(1.9);
        assertThat(v.afterShareAboveP95()).isGreaterThan(8);
        assertThat(v.tailP()).isLessThan(0.01);
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void threeMorePointsOfErrorsAtAThousandCallsFail() {
        ToolWindow before = new ToolWindow(window(new Random(3), 1000, 0).latency(), 1000, 10, MINUTES);
        ToolWindow after = new ToolWindow(window(new Random(4), 1000, 0).latency(), 1000, 40, MINUTES);
        ToolVerdict v = judge(before, after);
        assertThat(v.latencyVerdict()).isEqualTo(Verdict.PASS);
        assertThat(v.errorVerdict()).isEqualTo(Verdict.FAIL);
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(v.beforeErrorRate()).isEqualTo(1.0);
        assertThat(v.afterErrorRate()).isEqualTo(4.0);
        assertThat(v.errorRateChangePoints()).isCloseTo(3.0, within(1e-9));
        assertThat(v.errorP()).isLessThan(1e-4);
    }

    @Test
    void noChangePassesNearlyAlways() {
        Random r = new Random(5);
        int fails = 0;
        int passes = 0;
        for (int rep = 0; rep < 200; rep++) {
            ToolVerdict v = judge(window(r, 1000, 0.02), window(r, 1000, 0.02));
            fails += v.verdict() == Verdict.FAIL ? 1 : 0;
            passes += v.verdict() == Verdict.PASS ? 1 : 0;
        }
        assertThat(fails).isLessThanOrEqualTo(10);
        assertThat(passes).isGreaterThanOrEqualTo(180);
    }

    @Test
    void thirtyCallsAreNotEnoughData() {
        Random r = new Random(6);
        ToolVerdict v = judge(window(r, 30, 0.0), window(r, 30, 0.0, ms -> 3 * ms));
        assertThat(v.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
        assertThat(v.reasons()).singleElement().asString().contains("30 calls before and 30 after");
        assertThat(v.p95Ratio()).isGreaterThan(2); // the numbers are still there
    }

    @Test
    void verdictsDoNotChangeWithTenTimesTheTraffic() {
        Random r = new Random(7);
        ToolWindow base = window(r, 1000, 0.01);
        Map<String, ToolWindow> cases = Map.of(
                "same", window(r, 1000, 0.01),
                "slightlySlower", window(r, 1000, 0.01, ms -> 1.05 * ms),
                "twiceAsSlow", window(r, 1000, 0.01, ms -> 2 * ms),
                "moreErrors", new ToolWindow(window(r, 1000, 0).latency(), 1000, 40, MINUTES),
                "aFewMoreErrors", new ToolWindow(window(r, 1000, 0).latency(), 1000, 13, MINUTES));
        Map<String, Verdict> expected = Map.of("same", Verdict.PASS, "slightlySlower", Verdict.PASS,
                "twiceAsSlow", Verdict.FAIL, "moreErrors", Verdict.FAIL, "aFewMoreErrors", Verdict.PASS);
        cases.forEach((name, after) -> {
            ToolVerdict once = judge.judgeTool(name, base, after);
            ToolVerdict tenfold = judge.judgeTool(name, base.scaled(10), after.scaled(10));
            assertThat(once.verdict()).as(name).isEqualTo(expected.get(name));
            assertThat(tenfold.verdict()).as(name + " x10").isEqualTo(once.verdict());
            assertThat(tenfold.p95Ratio()).as(name).isEqualTo(once.p95Ratio());
            assertThat(tenfold.cliffsDelta()).as(name).isCloseTo(once.cliffsDelta(), within(1e-9));
        });
        // The slight slowdown is significant at ten times the calls, and still passes: it is small.
        assertThat(judge.judgeTool("s", base.scaled(10), cases.get("slightlySlower").scaled(10)).mannWhitneyP())
                .isLessThan(0.01);
    }

    @Test
    void aFasterBuildPasses() {
        Random r = new Random(8);
        ToolVerdict v = judge(window(r, 1000, 0.05), window(r, 1000, 0.0, ms -> ms / 3));
        assertThat(v.verdict()).isEqualTo(Verdict.PASS);
        assertThat(v.cliffsDelta()).isLessThan(-0.5);
    }

    @Test
    void overallIsTheWorstJudgedToolAndThroughputIsReported() {
        Random r = new Random(9);
        Map<String, ToolWindow> before = Map.of("a", window(r, 600, 0.0), "b", window(r, 600, 0.0),
                "rare", window(r, 10, 0.0));
        Map<String, ToolWindow> after = Map.of("a", window(r, 300, 0.0), "b", window(r, 600, 0.0, ms -> 3 * ms),
                "rare", window(r, 10, 0.0));
        Comparison c = judge.judge(before, after, MINUTES, MINUTES);
        assertThat(c.overall()).isEqualTo(Verdict.FAIL);
        assertThat(c.scorePercent()).isEqualTo(50.0);
        Map<String, ToolVerdict> byTool = CompareJudge.byTool(c);
        assertThat(byTool.get("rare").verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
        assertThat(byTool.get("a").verdict()).isEqualTo(Verdict.PASS);
        assertThat(byTool.get("a").beforeThroughput()).isEqualTo(40.0);
        assertThat(byTool.get("a").throughputChangePercent()).isEqualTo(-50.0);
        assertThat(judge.judge(Map.of("rare", window(r, 10, 0)), Map.of(), MINUTES, MINUTES).overall())
                .isEqualTo(Verdict.NOT_ENOUGH_DATA);
    }

    @Test
    void mannWhitneyAgreesWithTheTextbookOnTies() {
        // before {1,2,2,3}, after {2,3,3,4}: U(after) = 0+... counted by hand: 2 vs {1,2,2,3} = 1+1 = 2;
        // 3 vs = 3.5 (twice); 4 vs = 4 -> U = 13 of 16, delta = 2*13/16-1 = 0.625.
        LatencySample before = sample(1, 2, 2, 3);
        LatencySample after = sample(2, 3, 3, 4);
        Significance.Test t = Significance.mannWhitney(before, after);
        assertThat(t.statistic()).isCloseTo(0.625, within(1e-12));
        // tie groups: {2,2,2} (t=3), {3,3,3} (t=3): variance = 16/12 * (9 - 48/56)
        double variance = 16.0 / 12 * (9 - 48.0 / 56);
        assertThat(t.z()).isCloseTo((13 - 8) / Math.sqrt(variance), within(1e-12));
        assertThat(Significance.upperTail(1.959964)).isCloseTo(0.025, within(1e-6));
        assertThat(Significance.upperTail(-1.959964)).isCloseTo(0.975, within(1e-6));
    }

    private static LatencySample sample(long... millis) {
        Histogram h = HistogramFormat.newHistogram();
        for (long ms : millis) {
            h.recordValue(ms * 1_000_000);
        }
        return LatencySample.of(h);
    }
}
