package io.mcpmonitor.core.detect;

/**
 * Mean and standard deviation over the last {@code capacity} values (sliding window).
 *
 * <p>O(1) per value: running sums, re-summed from the ring once per full turn to bound floating
 * point drift. Units are the caller's. Not thread-safe (single-threaded per series); allocates its
 * ring once in the constructor, nothing per value. Callers must not add non-finite values.
 */
final class RunningMoments {
    private final double[] ring;
    private int size;
    private int head;
    private int sinceResum;
    private double sum;
    private double sumSq;

    /** @throws IllegalArgumentException if capacity is below 2 */
    RunningMoments(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity " + capacity + " must be >= 2");
        }
        ring = new double[capacity];
    }

    void add(double value) {
        if (size == ring.length) {
            double old = ring[head];
            sum -= old;
            sumSq -= old * old;
        } else {
            size++;
        }
        ring[head] = value;
        head = (head + 1) % ring.length;
        sum += value;
        sumSq += value * value;
        if (++sinceResum >= ring.length) {
            resum();
        }
    }

    private void resum() {
        sinceResum = 0;
        sum = 0;
        sumSq = 0;
        for (int i = 0; i < size; i++) {
            sum += ring[i];
            sumSq += ring[i] * ring[i];
        }
    }

    int size() {
        return size;
    }

    double mean() {
        return size == 0 ? 0.0 : sum / size;
    }

    /** Sample standard deviation; 0 with fewer than two values. */
    double stdDev() {
        if (size < 2) {
            return 0.0;
        }
        double m = sum / size;
        double var = (sumSq - size * m * m) / (size - 1);
        return var > 0 ? Math.sqrt(var) : 0.0;
    }

    /** Mean absolute deviation of the stored values from {@code center}; O(n). */
    double meanAbsDeviation(double center) {
        if (size == 0) {
            return 0.0;
        }
        double acc = 0;
        for (int i = 0; i < size; i++) {
            acc += Math.abs(ring[i] - center);
        }
        return acc / size;
    }
}
