package io.mcpmonitor.core.detect;

/**
 * Seed-compatible percentile detector: flags a value beyond a high running percentile of the
 * last {@value #WINDOW} points (and, symmetrically, below the matching low percentile, so that
 * drops such as traffic falling to zero are seen too).
 *
 * <p>With {@code p} = 99.5 / 99 / 98 (low / medium / high) and median {@code m}, the excess is
 * {@code r = (value - m) / (P_p - m)} above the median (mirror image below); the score is
 * {@code r / (r + 1)}, so it crosses {@link #alertThreshold()} = 0.5 exactly at the percentile,
 * and the bounds are the low and high percentiles. Scores 0 until {@value #WARMUP} points are seen.
 *
 * <p>Not thread-safe (one instance per series). Fixed memory ({@code 2 x WINDOW} doubles),
 * O(log n + n) array shift per point, no allocation per point.
 */
final class PercentileDetector implements AnomalyDetector {
    static final int WINDOW = 1440;
    static final int WARMUP = 100;
    private final SortedWindow window = new SortedWindow(WINDOW);
    private final double upper;
    private double expected = Double.NaN;
    private double low = Double.NaN;
    private double high = Double.NaN;

    PercentileDetector(Sensitivity sensitivity) {
        this.upper = sensitivity.pick(0.995, 0.99, 0.98);
    }

    @Override
    public double score(long epochMillis, double value) {
        double score = peek(epochMillis, value);
        if (Double.isFinite(value)) {
            window.add(value);
        }
        return score;
    }

    @Override
    public double peek(long epochMillis, double value) {
        if (!Double.isFinite(value) || window.size() < WARMUP) {
            expected = Double.NaN;
            return 0.0;
        }
        expected = window.median();
        high = window.quantile(upper);
        low = window.quantile(1 - upper);
        double floor = 1e-9 * (1 + Math.abs(expected));
        double r = value >= expected
                ? (value - expected) / Math.max(high - expected, floor)
                : (expected - value) / Math.max(expected - low, floor);
        return r / (r + 1);
    }

    @Override
    public double alertThreshold() {
        return 0.5;
    }

    @Override
    public double expected() {
        return expected;
    }

    @Override
    public double lowerBound() {
        return Double.isNaN(expected) ? Double.NaN : low;
    }

    @Override
    public double upperBound() {
        return Double.isNaN(expected) ? Double.NaN : high;
    }
}
