package io.mcpmonitor.core.detect;

/**
 * Level-shift statistic: an exponentially weighted mean of clipped z-scores, rescaled so that
 * for independent standard-normal inputs it is itself about standard normal.
 *
 * <p>A single spike of any size moves it by at most {@code clip * sqrt(rate * (2 - rate))}; a
 * sustained shift of {@code d} standard deviations drives it towards
 * {@code d * sqrt((2 - rate) / rate)}, so small persistent shifts become visible within a few
 * multiples of {@code 1 / rate} points. Input and output are dimensionless (z units).
 *
 * <p>Not thread-safe (single-threaded per series). No allocation.
 */
final class ShiftStatistic {
    private final double rate;
    private final double clip;
    private final double norm;
    private double mean;

    /** @param rate smoothing weight of the newest point, in (0, 1]; @param clip |z| cap */
    ShiftStatistic(double rate, double clip) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate " + rate + " must be in (0, 1]");
        }
        this.rate = rate;
        this.clip = clip;
        this.norm = Math.sqrt((2 - rate) / rate);
    }

    void writeState(StateOut out) {
        out.f64(mean);
    }

    void readState(StateIn in) {
        mean = in.f64();
    }

    /** What {@link #update} would return for {@code z}, without changing the statistic. */
    double peek(double z) {
        double c = Math.max(-clip, Math.min(clip, z));
        return (mean + rate * (c - mean)) * norm;
    }

    /** Adds one z-score and returns the updated statistic. */
    double update(double z) {
        double c = Math.max(-clip, Math.min(clip, z));
        mean += rate * (c - mean);
        return mean * norm;
    }
}
