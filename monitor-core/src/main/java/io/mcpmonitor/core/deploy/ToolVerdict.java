package io.mcpmonitor.core.deploy;

import java.util.List;

/**
 * The judge's verdict for one tool with every number behind it. Latencies in milliseconds, error
 * rates in percent, throughput in calls per minute; ratios are after/before; p-values one-sided
 * ("after is worse"). Numbers that cannot be computed (no calls on a side) are NaN.
 *
 * @param beforeShareAboveP95 percent of "before" calls slower than the p95 of both sides together (afterShareAboveP95 likewise); tailP tests their difference
 * @param reasons one sentence per finding that made the verdict worse than pass, or why there is no verdict
 */
public record ToolVerdict(String tool, Verdict verdict, long beforeCalls, long afterCalls,
                          double beforeP50Ms, double afterP50Ms, double p50Ratio,
                          double beforeP95Ms, double afterP95Ms, double p95Ratio,
                          double mannWhitneyZ, double mannWhitneyP, double cliffsDelta,
                          double beforeShareAboveP95, double afterShareAboveP95, double tailP,
                          double beforeErrorRate, double afterErrorRate, double errorRateChangePoints, double errorP,
                          double beforeThroughput, double afterThroughput, double throughputChangePercent,
                          Verdict latencyVerdict, Verdict errorVerdict, List<String> reasons) {

    public ToolVerdict {
        reasons = List.copyOf(reasons);
    }
}
