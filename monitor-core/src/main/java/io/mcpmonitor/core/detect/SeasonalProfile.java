package io.mcpmonitor.core.detect;

/**
 * Periodic profile (time of day, or time of week): the typical offset of a series from its level
 * at each phase of the period.
 *
 * <p>The period (phase = {@code epochMillis} modulo {@code periodMillis}, i.e. UTC time of day for
 * a one-day period; the epoch began on a Thursday, which is irrelevant for a learned weekly
 * shape) is cut into {@code buckets} equal slots (normally one per sample). Each slot keeps an exponentially weighted, outlier-clipped mean of
 * the offsets learned in it; the prediction is the median of the slot and its two neighbours,
 * which smooths noise but keeps daily steps (a service switching load at 09:00) sharp. A slot's memory is about {@code memoryPeriods}
 * periods. {@link #expectedOffset} returns NaN until the slots involved have seen at least
 * {@code minPeriods} periods of data (so a profile is only trusted when history allows).
 *
 * <p>Offsets are in the series' unit. Not thread-safe (single-threaded per series). Memory: three
 * arrays of {@code buckets} values allocated in the constructor; no allocation per point.
 */
final class SeasonalProfile {
    /** Version of what {@link #writeState} writes (part of the checkpoint's key, as every constant of a saved class). */
    static final int STATE_VERSION = 2;
    private final int buckets;
    private final long periodMillis;
    private final double bucketMillis;
    private final double[] offset;
    private final double[] absDev;
    private final double[] weight;
    private final double minWeight;
    private final double maxWeight;

    /**
     * @param periodMillis length of the period, milliseconds (a day or a week)
     * @param buckets slots per period, at least 4
     * @param pointsPerPeriod samples per period (sets how much weight a period of data carries)
     * @param minPeriods periods of data a slot needs before it is trusted
     * @param memoryPeriods effective memory of a slot, in periods
     */
    SeasonalProfile(long periodMillis, int buckets, int pointsPerPeriod, double minPeriods,
            double memoryPeriods) {
        if (buckets < 4) {
            throw new IllegalArgumentException("buckets " + buckets + " must be >= 4");
        }
        this.buckets = buckets;
        this.periodMillis = periodMillis;
        this.bucketMillis = (double) periodMillis / buckets;
        this.offset = new double[buckets];
        this.absDev = new double[buckets];
        this.weight = new double[buckets];
        double perSlotPerPeriod = (double) pointsPerPeriod / buckets;
        this.minWeight = minPeriods * perSlotPerPeriod * 0.9;
        this.maxWeight = memoryPeriods * perSlotPerPeriod;
    }

    /**
     * Writes the slots that learned something, as runs of consecutive slots: a slot that never
     * learned holds zeros in all three arrays, and most of a weekly profile is such slots until the
     * series has been watched for a week.
     */
    void writeState(StateOut out) {
        int runs = 0;
        for (int k = 0; k < buckets; k++) {
            if (weight[k] != 0 && (k == 0 || weight[k - 1] == 0)) {
                runs++;
            }
        }
        out.i32(runs);
        for (int k = 0; k < buckets; k++) {
            if (weight[k] != 0 && (k == 0 || weight[k - 1] == 0)) {
                int end = k;
                while (end < buckets && weight[end] != 0) {
                    end++;
                }
                out.i32(k).f64s(offset, k, end - k).f64s(absDev, k, end - k).f64s(weight, k, end - k);
            }
        }
    }

    /** Restores what {@link #writeState} wrote into a new profile of the same size. */
    void readState(StateIn in) {
        int after = 0;
        for (int runs = in.count(buckets); runs > 0; runs--) {
            int k = in.count(buckets - 1);
            if (k < after) {
                throw new StateIn.Damaged("profile slots out of order at " + k);
            }
            int n = in.f64sInto(offset, k);
            if (n == 0 || in.f64sInto(absDev, k) != n || in.f64sInto(weight, k) != n) {
                throw new StateIn.Damaged("profile run of " + n + " slots at " + k);
            }
            for (int i = k; i < k + n; i++) {
                if (!(weight[i] > 0)) {
                    throw new StateIn.Damaged("profile slot " + i + " of weight " + weight[i]);
                }
            }
            after = k + n + 1;
        }
    }

    /** Expected offset at this phase, or NaN while the profile is not yet trusted there. */
    double expectedOffset(long epochMillis) {
        int i = slot(epochMillis);
        int h = (i + buckets - 1) % buckets;
        int j = (i + 1) % buckets;
        if (weight[i] < minWeight || weight[h] < minWeight || weight[j] < minWeight) {
            return Double.NaN;
        }
        // median of the slot and its two neighbours: halves slot noise, keeps steps sharp
        return median3(offset[h], offset[i], offset[j]);
    }

    /** Learns one observed offset at this phase. */
    void learn(long epochMillis, double observedOffset) {
        update(slot(epochMillis), observedOffset, 1.0);
    }

    private int slot(long epochMillis) {
        return Math.min(buckets - 1,
                (int) (Math.floorMod(epochMillis, periodMillis) / bucketMillis));
    }

    private static double median3(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private void update(int k, double x, double w) {
        if (w <= 0) {
            return;
        }
        if (weight[k] == 0) {
            offset[k] = x;
            absDev[k] = 0;
            weight[k] = w;
            return;
        }
        double total = Math.min(weight[k] + w, maxWeight);
        double rate = w / total;
        double dev = x - offset[k];
        // clip outliers so one incident does not bend the profile
        double limit = 3 * absDev[k];
        if (weight[k] >= minWeight && limit > 0) {
            dev = Math.max(-limit, Math.min(limit, dev));
        }
        offset[k] += rate * dev;
        absDev[k] += rate * (Math.abs(dev) - absDev[k]);
        weight[k] = total;
    }
}
