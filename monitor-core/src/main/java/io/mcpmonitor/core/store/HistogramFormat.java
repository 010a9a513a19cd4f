package io.mcpmonitor.core.store;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The one histogram configuration used everywhere: values are nanoseconds, tracked with 1 ns
 * resolution up to {@value #HIGHEST_TRACKABLE_NANOS} ns (one hour) with {@value #SIGNIFICANT_DIGITS}
 * significant digits, so any value of 100 ns or more is read back within 1 % of what was recorded
 * (HdrHistogram's guarantee). Longer durations are clamped to one hour, negative ones dropped.
 * A histogram of this shape holds 4,480 counters (~36 KB) whatever it records.
 *
 * <p>Every histogram that is merged with another must come from here: HdrHistogram merges exactly
 * only between histograms of the same configuration, which is what makes rollups and queries agree.
 */
public final class HistogramFormat {

    /** Resolution at the bottom of the range: 1 ns. */
    public static final long LOWEST_DISCERNIBLE_NANOS = 1L;
    /** Larger values are clamped to this; one hour. */
    public static final long HIGHEST_TRACKABLE_NANOS = 3_600_000_000_000L;
    /** Relative precision of every value read back: 2 digits, at most 1 % error. */
    public static final int SIGNIFICANT_DIGITS = 2;

    private HistogramFormat() {
    }

    /** A fresh, empty histogram of this configuration. Allocates ~36 KB. */
    public static Histogram newHistogram() {
        return new Histogram(LOWEST_DISCERNIBLE_NANOS, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    /** A fresh histogram of this configuration that any number of threads may record into at once. */
    public static org.HdrHistogram.AtomicHistogram newAtomicHistogram() {
        return new org.HdrHistogram.AtomicHistogram(LOWEST_DISCERNIBLE_NANOS, HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
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
