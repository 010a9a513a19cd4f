package io.mcpmonitor.core.detect;

/**
 * Exponentially weighted mean and variance of a series: a baseline with a memory of about
 * {@code 1 / rate} points that does not know about daily patterns, so it sees a recurring event
 * that a seasonal profile has learned to expect, and a sustained change for many points before it
 * adapts.
 *
 * <p>Units: the series' own; {@code rate} per point in (0, 1]. Not thread-safe (one series, one
 * thread). No allocation.
 */
final class Ewma {
    private static final int MIN_POINTS = 10;
    private double mean;
    private double variance;
    private long points;

    void writeState(StateOut out) {
        out.f64(mean).f64(variance).i64(points);
    }

    void readState(StateIn in) {
        mean = in.f64();
        variance = in.f64();
        points = in.i64();
    }

    /** True once enough points were learned for {@link #z} to mean something. */
    boolean ready() {
        return points >= MIN_POINTS;
    }

    /** Standardised distance of {@code value} from the mean; the deviation is at least {@code minSigma}. */
    double z(double value, double minSigma) {
        return (value - mean) / Math.max(Math.sqrt(variance), Math.max(minSigma, 1e-12));
    }

    /** Learns one value; the first values are averaged equally so the start does not dominate. */
    void learn(double value, double rate) {
        points++;
        double a = Math.max(rate, 1.0 / points);
        double d = value - mean;
        mean += a * d;
        variance = (1 - a) * (variance + a * d * d);
    }
}
