package io.mcpmonitor.core.deploy;

import io.mcpmonitor.core.store.HistogramFormat;
import io.mcpmonitor.core.store.SparseHistogram;
import java.util.Arrays;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The latency distribution of one tool over one window, as the judge sees it: the distinct recorded
 * values in ascending order (nanoseconds, each the highest value of its histogram bucket) with their
 * counts. Two calls in one bucket are ties for the rank test, which is exactly what the histogram
 * can tell.
 *
 * <p>Immutable and thread-safe. Built once per comparison; allocates two arrays of the number of
 * non-empty buckets (a few dozen to a few hundred).
 */
public final class LatencySample {

    /** No calls. */
    public static final LatencySample EMPTY = new LatencySample(new long[0], new long[0]);

    private final long[] valuesNanos;
    private final long[] counts;
    private final long total;

    private LatencySample(long[] valuesNanos, long[] counts) {
        this.valuesNanos = valuesNanos;
        this.counts = counts;
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        this.total = t;
    }

    /** The values of an HdrHistogram (of any configuration). */
    public static LatencySample of(AbstractHistogram h) {
        int n = 0;
        long[] v = new long[64];
        long[] c = new long[64];
        for (HistogramIterationValue it : h.recordedValues()) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
                c = Arrays.copyOf(c, n * 2);
            }
            v[n] = h.highestEquivalentValue(it.getValueIteratedTo());
            c[n++] = it.getCountAtValueIteratedTo();
        }
        return n == 0 ? EMPTY : new LatencySample(Arrays.copyOf(v, n), Arrays.copyOf(c, n));
    }

    /** The values of a stored histogram. */
    public static LatencySample of(SparseHistogram h) {
        if (h.totalCount() == 0) {
            return EMPTY;
        }
        Histogram full = HistogramFormat.newHistogram();
        h.addTo(full);
        return of(full);
    }

    /** The same distribution with every count multiplied by {@code factor} (what ten times the traffic looks like). */
    public LatencySample scaledCounts(long factor) {
        long[] c = counts.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] *= factor;
        }
        return new LatencySample(valuesNanos, c);
    }

    /** Both samples as one (the values of both, counts added where they meet). */
    public LatencySample plus(LatencySample other) {
        long[] v = new long[valuesNanos.length + other.valuesNanos.length];
        long[] c = new long[v.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < valuesNanos.length || j < other.valuesNanos.length) {
            long a = i < valuesNanos.length ? valuesNanos[i] : Long.MAX_VALUE;
            long b = j < other.valuesNanos.length ? other.valuesNanos[j] : Long.MAX_VALUE;
            v[n] = Math.min(a, b);
            c[n++] = (a <= b ? counts[i++] : 0) + (b <= a ? other.counts[j++] : 0);
        }
        return new LatencySample(Arrays.copyOf(v, n), Arrays.copyOf(c, n));
    }

    /** Number of calls. */
    public long totalCount() {
        return total;
    }

    int distinctValues() {
        return valuesNanos.length;
    }

    long valueAt(int i) {
        return valuesNanos[i];
    }

    long countAt(int i) {
        return counts[i];
    }

    /** The value (ns) at {@code percentile} (0..100), as HdrHistogram reads it; 0 if empty. */
    public long percentileNanos(double percentile) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(Math.min(Math.max(percentile, 0), 100) / 100.0 * total - 1e-9));
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i];
            if (running >= rank) {
                return valuesNanos[i];
            }
        }
        return valuesNanos[valuesNanos.length - 1];
    }

    /** Calls slower than {@code thresholdNanos}. */
    public long countAbove(long thresholdNanos) {
        long n = 0;
        for (int i = valuesNanos.length - 1; i >= 0 && valuesNanos[i] > thresholdNanos; i--) {
            n += counts[i];
        }
        return n;
    }
}
