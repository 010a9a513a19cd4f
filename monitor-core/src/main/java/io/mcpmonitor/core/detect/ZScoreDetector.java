package io.mcpmonitor.core.detect;

/**
 * Seed-compatible z-score detector: distance of the value from the mean of the last
 * {@value #WINDOW} points, in standard deviations, against the seed's thresholds 3.0 / 2.5 / 2.0
 * (low / medium / high); see {@link DeviationDetector} for the score and bounds. Scores 0 until
 * {@value #WARMUP} points are seen. O(1) per point, {@value #WINDOW} doubles.
 */
final class ZScoreDetector extends DeviationDetector {
    static final int WINDOW = 1440;
    static final int WARMUP = 30;

    ZScoreDetector(Sensitivity sensitivity) {
        super(WINDOW, WARMUP, sensitivity.pick(3.0, 2.5, 2.0));
    }

    @Override
    double spread(RunningMoments window, double mean) {
        return window.stdDev();
    }
}
