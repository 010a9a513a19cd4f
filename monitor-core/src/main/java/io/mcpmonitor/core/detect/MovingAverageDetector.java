package io.mcpmonitor.core.detect;

/**
 * Seed-compatible moving-average detector: deviation of the value from the mean of the last
 * {@value #WINDOW} points, relative to the mean absolute deviation in that window, against the seed's
 * multipliers 3 / 2 / 1.5 (low / medium / high); see {@link DeviationDetector} for the score and
 * bounds. Scores 0 until the window is full. O({@value #WINDOW}) per point.
 */
final class MovingAverageDetector extends DeviationDetector {
    static final int WINDOW = 60;

    MovingAverageDetector(Sensitivity sensitivity) {
        super(WINDOW, WINDOW, sensitivity.pick(3.0, 2.0, 1.5));
    }

    @Override
    double spread(RunningMoments window, double mean) {
        return window.meanAbsDeviation(mean);
    }
}
