package io.mcpmonitor.core.store;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The one histogram configuration used everywhere: values are nanoseconds, tracked from
 * {@value #LOWEST_DISCERNIBLE_NANOS} ns (1 µs resolution) to {@value #HIGHEST_TRACKABLE_NANOS} ns
 * (one hour) with {@value #SIGNIFICANT_DIGITS} significant digits, so any percentile read back is
 * within 1 % of the value recorded. Longer durations are clamped to one hour, negative ones dropped.
 *
 * <p>Every histogram that is merged with another must come from here: HdrHistogram merges exactly
 * only between histograms of the same configuration, which is what makes rollups and queries agree.
 */
public final class HistogramFormat {

    /** Values below this share one bucket; 1 µs. */
    public static final long LOWEST_DISCERNIBLE_NANOS = 1_000L;
    /** Larger values are clamped to this; one hour. */
    public static final long HIGHEST_TRACKABLE_NANOS = 3_600_000_000_000L;
    /** Relative precision of every value read back: 2 digits, at most 1 % error. */
    public static final int SIGNIFICANT_DIGITS = 2;

    private HistogramFormat() {
    }

    /** A fresh, empty histogram of this configuration. Allocates ~27 KB. */
    public static Histogram newHistogram() {
        return new Histogram(LOWEST_DISCERNIBLE_NANOS, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    /** A fresh recorder of this configuration (two histograms inside). */
    public static Recorder newRecorder() {
        return new Recorder(LOWEST_DISCERNIBLE_NANOS, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    /** Clamps a non-negative duration into the trackable range. */
    public static long clamp(long durationNanos) {
        return Math.min(durationNanos, HIGHEST_TRACKABLE_NANOS);
    }
}
