package io.mcpmonitor.core.detect;

import java.util.Arrays;

/**
 * Sliding window over the last {@code capacity} values with order statistics.
 *
 * <p>Keeps the values in arrival order (ring) and in sorted order, so that {@link #quantile}
 * is O(1) and {@link #add} is O(log n) search plus an O(n) array shift (a few hundred
 * nanoseconds for n in the low thousands). Units are the caller's.
 *
 * <p>Not thread-safe: single-threaded per series. Allocates its two arrays once in the
 * constructor; no allocation per value. Non-finite values must not be added (callers filter).
 */
final class SortedWindow {
    /**
     * Version of what {@link #writeState} writes. Every constant of a saved class is part of the
     * checkpoint's key, so a change of layout that adds no field bumps this and old checkpoints are ignored.
     */
    static final int STATE_VERSION = 3;
    private final double[] ring;
    private final double[] sorted;
    private int size;
    private int head;

    /**
     * @param capacity number of most recent values kept, at least 1
     * @throws IllegalArgumentException if capacity is below 1
     */
    SortedWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " must be >= 1");
        }
        ring = new double[capacity];
        sorted = new double[capacity];
    }

    /** Adds a value, evicting the oldest one when full. */
    void add(double value) {
        if (size == ring.length) {
            double old = ring[head];
            int at = Arrays.binarySearch(sorted, 0, size, old);
            System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
            size--;
        }
        ring[head] = value;
        head = (head + 1) % ring.length;
        int pos = Arrays.binarySearch(sorted, 0, size, value);
        if (pos < 0) {
            pos = -pos - 1;
        }
        System.arraycopy(sorted, pos, sorted, pos + 1, size - pos);
        sorted[pos] = value;
        size++;
    }

    /**
     * Writes the values in the window in arrival order. The sorted copy is not written (it would
     * double the size): it is the same values sorted, so the reader sorts them again.
     */
    void writeState(StateOut out) {
        out.i32(head).f64s(ring, size);
    }

    /** Restores what {@link #writeState} wrote into an empty window of the same capacity. */
    void readState(StateIn in) {
        int h = in.count(ring.length - 1);
        int n = in.f64sInto(ring);
        if (n < ring.length && h != n) {
            throw new StateIn.Damaged("window of " + n + " values, head " + h);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(ring[i])) {
                throw new StateIn.Damaged("window value " + ring[i]);
            }
        }
        // the order add() keeps: Arrays.sort and its binary search both order doubles by Double.compare
        System.arraycopy(ring, 0, sorted, 0, n);
        Arrays.sort(sorted, 0, n);
        size = n;
        head = h;
    }

    int size() {
        return size;
    }

    /** Value at quantile {@code q} in [0,1], linear interpolation; 0 when empty. */
    double quantile(double q) {
        if (size == 0) {
            return 0.0;
        }
        double pos = q * (size - 1);
        int lo = (int) pos;
        int hi = Math.min(lo + 1, size - 1);
        double frac = pos - lo;
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    }

    double median() {
        return quantile(0.5);
    }

    /** Robust standard deviation from the inter-quartile range (IQR / 1.349). */
    double iqrSigma() {
        return (quantile(0.75) - quantile(0.25)) / 1.349;
    }
}
