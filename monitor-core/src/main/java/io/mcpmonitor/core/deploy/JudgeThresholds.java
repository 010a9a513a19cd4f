package io.mcpmonitor.core.deploy;

/**
 * When the judge calls a change a regression (docs/DEPLOYMENTS.md). A change must be both
 * significant (one-sided p-value below {@code alpha}) and large (an effect at or above the
 * threshold) to count: significance alone grows with traffic, so ten times the calls would turn
 * a harmless 3 % slowdown into a failure; the effect sizes below do not depend on traffic.
 *
 * @param alpha                 one-sided significance level of every test (0..0.5), default 0.01
 * @param minCallsPerTool       calls needed on each side to judge a tool, default 50
 * @param marginalLatencyRatio  p50 or p95 after/before at or above which a significant slowdown is marginal, default 1.2
 * @param failLatencyRatio      ... at or above which it fails, default 1.5
 * @param marginalDelta         Cliff's delta of the latency distributions for marginal, default 0.33 (medium)
 * @param failDelta             ... for fail, default 0.474 (large)
 * @param marginalErrorPoints   error-rate increase in percentage points for marginal, default 0.5
 * @param failErrorPoints       ... for fail, default 2
 */
public record JudgeThresholds(double alpha, long minCallsPerTool, double marginalLatencyRatio, double failLatencyRatio,
                              double marginalDelta, double failDelta, double marginalErrorPoints, double failErrorPoints) {

    public static final JudgeThresholds DEFAULTS = new JudgeThresholds(0.01, 50, 1.2, 1.5, 0.33, 0.474, 0.5, 2.0);

    public JudgeThresholds {
        check("alpha", alpha > 0 && alpha <= 0.5, "must be in (0, 0.5]", alpha);
        check("minCallsPerTool", minCallsPerTool >= 2, "must be at least 2", minCallsPerTool);
        check("marginalLatencyRatio", marginalLatencyRatio > 1, "must be above 1", marginalLatencyRatio);
        check("failLatencyRatio", failLatencyRatio >= marginalLatencyRatio, "must be at least marginalLatencyRatio",
                failLatencyRatio);
        check("marginalDelta", marginalDelta > 0 && marginalDelta < 1, "must be in (0, 1)", marginalDelta);
        check("failDelta", failDelta >= marginalDelta && failDelta < 1, "must be in [marginalDelta, 1)", failDelta);
        check("marginalErrorPoints", marginalErrorPoints > 0 && marginalErrorPoints <= 100, "must be in (0, 100]",
                marginalErrorPoints);
        check("failErrorPoints", failErrorPoints >= marginalErrorPoints && failErrorPoints <= 100,
                "must be in [marginalErrorPoints, 100]", failErrorPoints);
    }

    private static void check(String field, boolean ok, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + rule + ", was " + value);
        }
    }

    public JudgeThresholds withMinCallsPerTool(long minCalls) {
        return new JudgeThresholds(alpha, minCalls, marginalLatencyRatio, failLatencyRatio, marginalDelta, failDelta,
                marginalErrorPoints, failErrorPoints);
    }
}
