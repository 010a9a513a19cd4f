package io.mcpmonitor.core.detect;

/**
 * A streaming anomaly detector for one metric series.
 *
 * <p><b>Contract.</b> {@link #score(long, double)} is called once per observation, in time order,
 * and returns an anomaly score in {@code [0, 1]} for that observation using only the observations
 * seen before it (no look-ahead), then learns it. Higher is more anomalous; a score at or above
 * {@link #alertThreshold()} is an anomaly at the detector's sensitivity. {@link #peek} scores a
 * value the same way without learning it (for a minute that is still filling up). After either
 * call, {@link #expected()}, {@link #lowerBound()} and {@link #upperBound()} describe what the
 * detector expected for that observation: values inside the bounds would not have scored at or
 * above the threshold on their own. They are NaN while the detector is warming up.
 *
 * <p><b>Thread-safety:</b> none. One instance per series, driven by one thread at a time.
 * <b>Allocation:</b> bounded state, allocated up front or once during warm-up; nothing per point
 * afterwards. <b>Units:</b> {@code epochMillis} is milliseconds since the epoch (non-decreasing);
 * values, expectations and bounds are in the series' own unit. <b>Bad input:</b> a non-finite
 * value is not learned and scores 0; the hot path never throws.
 *
 * <pre>{@code
 * AnomalyDetector d = DetectionMethod.AUTO.create(Sensitivity.MEDIUM);
 * double s = d.score(epochMillis, p95Millis);
 * if (s >= d.alertThreshold()) {
 *     report(p95Millis, d.expected(), d.lowerBound(), d.upperBound());
 * }
 * }</pre>
 */
public interface AnomalyDetector {

    /**
     * Scores one observation from history only, then learns it.
     *
     * @param epochMillis observation time, milliseconds since the epoch, non-decreasing
     * @param value observed value in the metric's own unit
     * @return anomaly score in [0, 1]
     */
    double score(long epochMillis, double value);

    /** Scores an observation like {@link #score} but learns nothing: the detector's state is unchanged. */
    double peek(long epochMillis, double value);

    /** Score at or above which this detector, at its sensitivity, reports an anomaly. */
    double alertThreshold();

    /** The value expected for the last scored or peeked observation; NaN while warming up. */
    double expected();

    /** Lowest value that would not have been an anomaly on its own; NaN while warming up. */
    double lowerBound();

    /** Highest value that would not have been an anomaly on its own; NaN while warming up. */
    double upperBound();
}
