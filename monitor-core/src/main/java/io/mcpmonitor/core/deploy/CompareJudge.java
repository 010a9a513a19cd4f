package io.mcpmonitor.core.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A canary judge: compares what each tool did "before" (the baseline: the previous version, or
 * production) with "after" (the new version, or staging) and gives a verdict per tool and overall.
 *
 * <p>Per tool, with at least {@link JudgeThresholds#minCallsPerTool()} calls on both sides:
 * <ul>
 *   <li>latency: the Mann–Whitney U test of the whole distributions with Cliff's delta as the
 *       effect, the p50 and p95 ratios, and a two-proportion test of the shares of calls slower than
 *       the p95 of both sides together (a tail that doubled shows there even when the median did not move);</li>
 *   <li>errors: a two-proportion test of the error rates, the effect in percentage points;</li>
 *   <li>throughput: reported, not judged — traffic follows the users, not the build.</li>
 * </ul>
 * A finding counts only when significant and large (see {@link JudgeThresholds}), so the verdict
 * stays the same when both sides have ten times the calls. Only regressions count: a faster or
 * more reliable build passes.
 *
 * <p>Stateless and thread-safe.
 */
public final class CompareJudge {

    private final JudgeThresholds thresholds;

    public CompareJudge(JudgeThresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    public JudgeThresholds thresholds() {
        return thresholds;
    }

    /** Judges every tool present on either side, in name order. */
    public Comparison judge(Map<String, ToolWindow> before, Map<String, ToolWindow> after, double beforeMinutes,
                            double afterMinutes) {
        List<ToolVerdict> tools = new ArrayList<>();
        Verdict overall = Verdict.NOT_ENOUGH_DATA;
        int judged = 0;
        int passed = 0;
        for (String tool : new TreeSet<>(union(before, after))) {
            ToolVerdict v = judgeTool(tool, orEmpty(before.get(tool), beforeMinutes), orEmpty(after.get(tool), afterMinutes));
            tools.add(v);
            overall = overall.worst(v.verdict());
            if (v.verdict() != Verdict.NOT_ENOUGH_DATA) {
                judged++;
                passed += v.verdict() == Verdict.PASS ? 1 : 0;
            }
        }
        return new Comparison(overall, judged == 0 ? Double.NaN : 100.0 * passed / judged, thresholds, tools);
    }

    private static TreeSet<String> union(Map<String, ToolWindow> a, Map<String, ToolWindow> b) {
        TreeSet<String> s = new TreeSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    private static ToolWindow orEmpty(ToolWindow w, double minutes) {
        return w != null ? w : new ToolWindow(LatencySample.EMPTY, 0, 0, minutes);
    }

    /** The verdict of one tool. */
    public ToolVerdict judgeTool(String tool, ToolWindow before, ToolWindow after) {
        List<String> reasons = new ArrayList<>();
        LatencySample lb = before.latency();
        LatencySample la = after.latency();
        double p50b = percentileMs(lb, 50);
        double p50a = percentileMs(la, 50);
        double p95b = percentileMs(lb, 95);
        double p95a = percentileMs(la, 95);
        Significance.Test mw = Significance.mannWhitney(lb, la);
        // The tail threshold is the p95 of both sides together: taken from "before" alone it would
        // hold exactly 5 % of "before" by construction, and the test would flag noise.
        long tailNanos = lb.plus(la).percentileNanos(95);
        long tailB = lb.countAbove(tailNanos);
        long tailA = la.countAbove(tailNanos);
        Significance.Test tail = Significance.twoProportions(tailB, lb.totalCount(), tailA, la.totalCount());
        Significance.Test err = Significance.twoProportions(before.errors(), before.calls(), after.errors(), after.calls());
        double tpB = before.calls() / before.minutes();
        double tpA = after.calls() / after.minutes();

        boolean enough = before.calls() >= thresholds.minCallsPerTool() && after.calls() >= thresholds.minCallsPerTool()
                && lb.totalCount() >= thresholds.minCallsPerTool() && la.totalCount() >= thresholds.minCallsPerTool();
        Verdict latency = Verdict.NOT_ENOUGH_DATA;
        Verdict errors = Verdict.NOT_ENOUGH_DATA;
        if (!enough) {
            reasons.add(String.format(Locale.ROOT, "%d calls before and %d after; at least %d on each side are needed",
                    before.calls(), after.calls(), thresholds.minCallsPerTool()));
        } else {
            latency = latencyVerdict(mw, tail, ratio(p50a, p50b), ratio(p95a, p95b), reasons);
            errors = errorVerdict(err, reasons);
        }
        Verdict verdict = enough ? latency.worst(errors) : Verdict.NOT_ENOUGH_DATA;
        return new ToolVerdict(tool, verdict, before.calls(), after.calls(), p50b, p50a, ratio(p50a, p50b), p95b, p95a,
                ratio(p95a, p95b), mw.z(), mw.pValue(), mw.statistic(), share(tailB, lb.totalCount()),
                share(tailA, la.totalCount()), tail.pValue(), share(before.errors(), before.calls()),
                share(after.errors(), after.calls()), 100 * err.statistic(), err.pValue(), tpB, tpA,
                tpB == 0 ? Double.NaN : 100 * (tpA - tpB) / tpB, latency, errors, reasons);
    }

    private Verdict latencyVerdict(Significance.Test mw, Significance.Test tail, double p50Ratio, double p95Ratio,
                                   List<String> reasons) {
        boolean shifted = mw.pValue() < thresholds.alpha();
        boolean tailGrew = tail.pValue() < thresholds.alpha();
        Verdict v = Verdict.PASS;
        if (shifted && p50Ratio >= thresholds.marginalLatencyRatio()) {
            v = p50Ratio >= thresholds.failLatencyRatio() ? Verdict.FAIL : Verdict.MARGINAL;
            reasons.add(String.format(Locale.ROOT, "p50 is %.2fx what it was (Mann-Whitney p=%.2g)", p50Ratio, mw.pValue()));
        }
        if (shifted && mw.statistic() >= thresholds.marginalDelta()) {
            Verdict d = mw.statistic() >= thresholds.failDelta() ? Verdict.FAIL : Verdict.MARGINAL;
            v = v.worst(d);
            reasons.add(String.format(Locale.ROOT, "calls are slower than before %.0f%% of the time (Cliff's delta %.2f, p=%.2g)",
                    50 * (1 + mw.statistic()), mw.statistic(), mw.pValue()));
        }
        if (tailGrew && p95Ratio >= thresholds.marginalLatencyRatio()) {
            v = v.worst(p95Ratio >= thresholds.failLatencyRatio() ? Verdict.FAIL : Verdict.MARGINAL);
            reasons.add(String.format(Locale.ROOT, "p95 is %.2fx what it was (more of the slowest calls, p=%.2g)",
                    p95Ratio, tail.pValue()));
        }
        return v;
    }

    private Verdict errorVerdict(Significance.Test err, List<String> reasons) {
        double points = 100 * err.statistic();
        if (err.pValue() >= thresholds.alpha() || points < thresholds.marginalErrorPoints()) {
            return Verdict.PASS;
        }
        reasons.add(String.format(Locale.ROOT, "error rate up %.1f points (two-proportion p=%.2g)", points, err.pValue()));
        return points >= thresholds.failErrorPoints() ? Verdict.FAIL : Verdict.MARGINAL;
    }

    private static double percentileMs(LatencySample s, double percentile) {
        return s.totalCount() == 0 ? Double.NaN : s.percentileNanos(percentile) / 1e6;
    }

    private static double ratio(double a, double b) {
        return b > 0 ? a / b : Double.NaN;
    }

    private static double share(long k, long n) {
        return n == 0 ? Double.NaN : 100.0 * k / n;
    }

    /** For readers of the numbers: the tools keyed by name. */
    public static Map<String, ToolVerdict> byTool(Comparison c) {
        Map<String, ToolVerdict> m = new TreeMap<>();
        c.tools().forEach(t -> m.put(t.tool(), t));
        return m;
    }
}
