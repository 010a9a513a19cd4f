package io.mcpmonitor.core.detect;

/**
 * Seed-compatible z-score detector: distance of the value from the mean of the last
 * {@value #WINDOW} points, in standard deviations.
 *
 * <p>Score {@code z / (z + t)} where {@code t} is the seed's threshold (3.0 / 2.5 / 2.0 for
 * low / medium / high), so the score is in [0,1) and crosses {@link #alertThreshold()} = 0.5
 * exactly at {@code z = t}; the bounds are {@code mean -/+ t * sd}. Scores 0 until
 * {@value #WARMUP} points are seen.
 *
 * <p>Not thread-safe (one instance per series). Fixed memory ({@value #WINDOW} doubles), O(1) per
 * point, no allocation per point.
 */
final class ZScoreDetector implements AnomalyDetector {
    static final int WINDOW = 1440;
    static final int WARMUP = 30;
    private final RunningMoments moments = new RunningMoments(WINDOW);
    private final double threshold;
    private double expected = Double.NaN;
    private double spread = Double.NaN;

    ZScoreDetector(Sensitivity sensitivity) {
        this.threshold = sensitivity.pick(3.0, 2.5, 2.0);
    }

    @Override
    public double score(long epochMillis, double value) {
        double score = peek(epochMillis, value);
        if (Double.isFinite(value)) {
            moments.add(value);
        }
        return score;
    }

    @Override
    public double peek(long epochMillis, double value) {
        if (!Double.isFinite(value) || moments.size() < WARMUP) {
            expected = Double.NaN;
            return 0.0;
        }
        expected = moments.mean();
        spread = Math.max(moments.stdDev(), 1e-9 * (1 + Math.abs(expected)));
        double z = Math.abs(value - expected) / spread;
        return z / (z + threshold);
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
        return expected - threshold * spread;
    }

    @Override
    public double upperBound() {
        return expected + threshold * spread;
    }
}
