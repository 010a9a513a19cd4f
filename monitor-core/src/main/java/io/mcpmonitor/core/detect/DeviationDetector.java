package io.mcpmonitor.core.detect;

/**
 * What the seed's z-score and moving-average detectors share: the distance of a value from the mean
 * of a sliding window, in units of a spread the subclass measures on that window.
 *
 * <p>Score {@code d / (d + k)} where {@code d = |value - mean| / spread} and {@code k} is the
 * seed's multiplier for the sensitivity, so the score is in [0,1) and crosses
 * {@link #alertThreshold()} = 0.5 exactly at {@code d = k}; the bounds are {@code mean -/+ k * spread}.
 * Scores 0 until {@code warmup} points are seen.
 *
 * <p>Not thread-safe (one instance per series). Fixed memory, no allocation per point.
 */
abstract class DeviationDetector implements AnomalyDetector {
    private final RunningMoments moments;
    private final int warmup;
    private final double multiplier;
    private double expected = Double.NaN;
    private double spread = Double.NaN;

    DeviationDetector(int window, int warmup, double multiplier) {
        this.moments = new RunningMoments(window);
        this.warmup = warmup;
        this.multiplier = multiplier;
    }

    /** The spread of the window around {@code mean}, in the value's unit. */
    abstract double spread(RunningMoments window, double mean);

    @Override
    public final double score(long epochMillis, double value) {
        double score = peek(epochMillis, value);
        if (Double.isFinite(value)) {
            moments.add(value);
        }
        return score;
    }

    @Override
    public final double peek(long epochMillis, double value) {
        if (!Double.isFinite(value) || moments.size() < warmup) {
            expected = Double.NaN;
            return 0.0;
        }
        expected = moments.mean();
        spread = Math.max(spread(moments, expected), 1e-9 * (1 + Math.abs(expected)));
        double d = Math.abs(value - expected) / spread;
        return d / (d + multiplier);
    }

    @Override
    public final double alertThreshold() {
        return 0.5;
    }

    @Override
    public final double expected() {
        return expected;
    }

    @Override
    public final double lowerBound() {
        return expected - multiplier * spread;
    }

    @Override
    public final double upperBound() {
        return expected + multiplier * spread;
    }
}
