package io.mcpmonitor.core.detect;

/**
 * Signed-root deviance statistics for counts: how many standard deviations a count is from what a
 * binomial or Poisson model expects, accurate far into the tails (unlike (k - np) / sqrt(npq)),
 * with no special functions. Positive when the count is above the expectation. The count is moved
 * half a unit towards the expectation first (continuity correction), which keeps small counts
 * from looking more surprising than they are: 5 errors where 0.5 are expected is z = 3.4, close
 * to the exact tail probability (1.7e-4), where the uncorrected statistic says 3.75.
 *
 * <p>Stateless, thread-safe, no allocation.
 */
final class CountStats {

    private CountStats() {
    }

    /** z of {@code k} events in {@code n} trials at probability {@code p} (0 < p < 1); 0 when n is 0. */
    static double binomialZ(double k, double n, double p) {
        if (n <= 0) {
            return 0.0;
        }
        double q = Math.min(1 - 1e-12, Math.max(1e-12, p));
        double c = corrected(k, n * q);
        double d = 2 * (xLogXOverY(c, n * q) + xLogXOverY(n - c, n * (1 - q)));
        return Math.copySign(Math.sqrt(Math.max(0, d)), c - n * q);
    }

    /** z of {@code k} events where {@code lambda} are expected. */
    static double poissonZ(double k, double lambda) {
        double l = Math.max(1e-12, lambda);
        double c = corrected(k, l);
        double d = 2 * (xLogXOverY(c, l) - (c - l));
        return Math.copySign(Math.sqrt(Math.max(0, d)), c - l);
    }

    private static double corrected(double k, double expected) {
        return Math.abs(k - expected) <= 0.5 ? expected : k > expected ? k - 0.5 : k + 0.5;
    }

    private static double xLogXOverY(double x, double y) {
        return x <= 0 ? 0.0 : x * Math.log(x / y);
    }
}
