package io.mcpmonitor.core.detect;

/**
 * Seed-compatible moving-average detector: deviation of the value from the mean of the last
 * {@value #WINDOW} points, relative to the mean absolute deviation in that window.
 *
 * <p>Score {@code d / (d + k)} where {@code d = |value - MA| / meanAbsDev} and {@code k} is the
 * seed's multiplier (3 / 2 / 1.5 for low / medium / high); the score crosses
 * {@link #alertThreshold()} = 0.5 exactly at {@code d = k}, and the bounds are
 * {@code MA -/+ k * meanAbsDev}. Scores 0 until the window is full.
 *
 * <p>Not thread-safe (one instance per series). Fixed memory; O({@value #WINDOW}) per point, no
 * allocation per point.
 */
final class MovingAverageDetector implements AnomalyDetector {
    static final int WINDOW = 60;
    private final RunningMoments moments = new RunningMoments(WINDOW);
    private final double multiplier;
    private double expected = Double.NaN;
    private double spread = Double.NaN;

    MovingAverageDetector(Sensitivity sensitivity) {
        this.multiplier = sensitivity.pick(3.0, 2.0, 1.5);
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
        if (!Double.isFinite(value) || moments.size() < WINDOW) {
            expected = Double.NaN;
            return 0.0;
        }
        expected = moments.mean();
        spread = Math.max(moments.meanAbsDeviation(expected), 1e-9 * (1 + Math.abs(expected)));
        double d = Math.abs(value - expected) / spread;
        return d / (d + multiplier);
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
        return expected - multiplier * spread;
    }

    @Override
    public double upperBound() {
        return expected + multiplier * spread;
    }
}
