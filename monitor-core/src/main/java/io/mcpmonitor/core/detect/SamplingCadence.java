package io.mcpmonitor.core.detect;

import java.util.Arrays;

/**
 * Learns a series' sampling interval from its first timestamps and derives day-based sizes.
 *
 * <p>The interval is the median of the first {@value #PROBE} positive gaps (milliseconds); until
 * then {@link #isKnown()} is false. Gaps of zero (duplicate timestamps) and backwards steps are
 * ignored. {@link #pointsPerDay()} is {@code round(86_400_000 / intervalMillis)}.
 *
 * <p>Not thread-safe (single-threaded per series). Allocates one small array in the constructor.
 */
final class SamplingCadence {
    static final long DAY_MILLIS = 86_400_000L;
    static final int PROBE = 9;
    private final long[] gaps = new long[PROBE];
    private int gapCount;
    private long lastEpochMillis = Long.MIN_VALUE;
    private long intervalMillis;

    /** Observes one timestamp (milliseconds since the epoch). */
    void observe(long epochMillis) {
        if (intervalMillis == 0 && lastEpochMillis != Long.MIN_VALUE) {
            long gap = epochMillis - lastEpochMillis;
            if (gap > 0) {
                gaps[gapCount++] = gap;
                if (gapCount == PROBE) {
                    long[] copy = gaps.clone(); // once per series, off the steady-state path
                    Arrays.sort(copy);
                    intervalMillis = copy[PROBE / 2];
                }
            }
        }
        lastEpochMillis = epochMillis;
    }

    void writeState(StateOut out) {
        out.i64s(gaps).i32(gapCount).i64(lastEpochMillis).i64(intervalMillis);
    }

    void readState(StateIn in) {
        in.i64sExactly(gaps);
        gapCount = in.count(PROBE);
        lastEpochMillis = in.i64();
        intervalMillis = in.i64();
    }

    boolean isKnown() {
        return intervalMillis > 0;
    }

    long intervalMillis() {
        return intervalMillis;
    }

    /** Samples per day; 0 while the interval is unknown. */
    int pointsPerDay() {
        return intervalMillis == 0 ? 0 : (int) Math.max(1, Math.round((double) DAY_MILLIS / intervalMillis));
    }
}
