package io.mcpmonitor.core.deploy;

/**
 * The two tests behind a verdict, both one-sided (is "after" worse than "before"?), both with the
 * normal approximation, which is sound at the sample sizes the judge accepts (at least tens of
 * calls per side).
 *
 * <ul>
 *   <li>{@link #mannWhitney}: the Mann–Whitney U test of two latency distributions, ties (calls in
 *       one histogram bucket) counted half and corrected for in the variance. Its effect size is
 *       the probability of superiority {@code P(after > before) + P(tie)/2}, reported as Cliff's
 *       delta {@code 2P - 1} (-1..1; 0 is no change; 0.147 / 0.33 / 0.474 are the usual small /
 *       medium / large).</li>
 *   <li>{@link #twoProportions}: the pooled two-proportion z-test, for error rates and for the
 *       share of calls slower than the old p95.</li>
 * </ul>
 *
 * <p>Stateless, thread-safe; allocates only the result.
 */
final class Significance {

    private Significance() {
    }

    /** The outcome of a test: the statistic, its z-score, the one-sided p-value. */
    record Test(double statistic, double z, double pValue) {
    }

    /** Mann–Whitney U of {@code after} against {@code before}; {@code statistic} is Cliff's delta. */
    static Test mannWhitney(LatencySample before, LatencySample after) {
        double nb = before.totalCount();
        double na = after.totalCount();
        if (nb == 0 || na == 0) {
            return new Test(0, 0, 1);
        }
        // One merge walk over both sorted value lists: U counts, for each "after" call, the "before"
        // calls it is slower than, plus half the ties.
        double u = 0;
        double tieCubes = 0;
        double beforeBelow = 0;
        int i = 0;
        int j = 0;
        while (i < before.distinctValues() || j < after.distinctValues()) {
            long vb = i < before.distinctValues() ? before.valueAt(i) : Long.MAX_VALUE;
            long va = j < after.distinctValues() ? after.valueAt(j) : Long.MAX_VALUE;
            double cb = vb <= va ? before.countAt(i) : 0;
            double ca = va <= vb ? after.countAt(j) : 0;
            u += ca * (beforeBelow + cb / 2);
            double t = cb + ca;
            tieCubes += t * t * t - t;
            beforeBelow += cb;
            if (vb <= va) {
                i++;
            }
            if (va <= vb) {
                j++;
            }
        }
        double n = na + nb;
        double mean = na * nb / 2;
        double variance = na * nb / 12 * ((n + 1) - tieCubes / (n * (n - 1)));
        double delta = 2 * u / (na * nb) - 1;
        if (variance <= 0) {
            return new Test(delta, 0, 1);
        }
        double z = (u - mean) / Math.sqrt(variance);
        return new Test(delta, z, upperTail(z));
    }

    /** Is the share {@code k2/n2} higher than {@code k1/n1}? {@code statistic} is the difference of the shares (0..1). */
    static Test twoProportions(long k1, long n1, long k2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return new Test(0, 0, 1);
        }
        double p1 = (double) k1 / n1;
        double p2 = (double) k2 / n2;
        double pooled = (double) (k1 + k2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return new Test(p2 - p1, 0, 1);
        }
        double z = (p2 - p1) / se;
        return new Test(p2 - p1, z, upperTail(z));
    }

    /** P(Z > z) for a standard normal Z. */
    static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /**
     * The complementary error function, from its Chebyshev-fitted exponential form (fractional error
     * below 1.2e-7 everywhere), good far into the tail where 1 - erf would round to 0.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        double r = t * Math.exp(-z * z + poly);
        return x >= 0 ? r : 2 - r;
    }
}
