package io.mcpmonitor.core.detect;

/**
 * Exponentially decaying histogram of positive magnitudes on a logarithmic grid, for long-memory
 * quantiles in constant space.
 *
 * <p>Bins are {@code binsPerDecade} per factor of ten between {@code min} and {@code min * 10^decades};
 * smaller values count in the first bin, larger ones in the last. Each new value weighs
 * {@code 2^(1/halfLifePoints)} times more than the previous one (so old values fade with the given
 * half-life, in points), implemented by growing the increment and rescaling rarely.
 * {@link #quantile} interpolates geometrically inside a bin: relative error below one bin width.
 *
 * <p>Units are the caller's. Not thread-safe (single-threaded per series). Allocates one array
 * in the constructor; no allocation per value; O(bins) per quantile query.
 */
final class DecayingLogHistogram {
    private final double[] counts;
    private final double logMin;
    private final double binsPerDecade;
    private final double growth;
    private double increment = 1.0;
    private double total;

    DecayingLogHistogram(double min, int decades, int binsPerDecade, int halfLifePoints) {
        this.counts = new double[decades * binsPerDecade];
        this.logMin = Math.log10(min);
        this.binsPerDecade = binsPerDecade;
        this.growth = Math.pow(2.0, 1.0 / Math.max(1, halfLifePoints));
    }

    void writeState(StateOut out) {
        out.f64s(counts).f64(increment).f64(total);
    }

    void readState(StateIn in) {
        in.f64sExactly(counts);
        increment = in.f64();
        total = in.f64();
    }

    void add(double magnitude) {
        int bin = bin(magnitude);
        counts[bin] += increment;
        total += increment;
        increment *= growth;
        if (increment > 1e100) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] /= increment;
            }
            total /= increment;
            increment = 1.0;
        }
    }

    /** Total (decayed) weight, relative to the newest value's weight of 1. */
    double weight() {
        return total / increment;
    }

    /**
     * Weight now of a value that would have been added just before the first one (1 when empty,
     * then halving every half-life): how much a prior held at the start still counts.
     */
    double startWeight() {
        return Math.max(0.0, 1.0 - weight() * (growth - 1.0));
    }

    /** Value at quantile {@code q} in (0,1); 0 when empty. */
    double quantile(double q) {
        if (total <= 0) {
            return 0.0;
        }
        double target = q * total;
        double acc = 0;
        for (int i = 0; i < counts.length; i++) {
            if (acc + counts[i] >= target && counts[i] > 0) {
                double frac = (target - acc) / counts[i];
                return Math.pow(10, logMin + (i + frac) / binsPerDecade);
            }
            acc += counts[i];
        }
        return Math.pow(10, logMin + counts.length / binsPerDecade);
    }

    private int bin(double magnitude) {
        if (!(magnitude > 0)) {
            return 0;
        }
        int b = (int) Math.floor((Math.log10(magnitude) - logMin) * binsPerDecade);
        return Math.max(0, Math.min(counts.length - 1, b));
    }
}
