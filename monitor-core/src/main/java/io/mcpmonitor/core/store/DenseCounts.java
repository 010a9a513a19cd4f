package io.mcpmonitor.core.store;

import java.util.Arrays;

/**
 * A histogram accumulator for queries: one counter per bucket of the {@link HistogramFormat}, with
 * the touched range tracked so {@link #reset()} clears only what was used. Adding a
 * {@link SparseHistogram} costs one array addition per non-empty bucket. The statistics follow
 * HdrHistogram's definitions (percentiles report the highest value equivalent to the bucket, the
 * mean uses bucket medians), so they equal what an HdrHistogram holding the same values reports.
 *
 * <p>Not thread-safe. Allocates 37 KB once; nothing per call.
 */
public final class DenseCounts {

    private final long[] counts = new long[BucketTable.size()];
    private int lo = Integer.MAX_VALUE;
    private int hi = -1;
    private long total;

    public void reset() {
        if (hi >= lo) {
            Arrays.fill(counts, lo, hi + 1, 0);
        }
        lo = Integer.MAX_VALUE;
        hi = -1;
        total = 0;
    }

    public void add(SparseHistogram h) {
        h.addTo(this);
    }

    void add(int index, long count) {
        counts[index] += count;
        if (index < lo) {
            lo = index;
        }
        if (index > hi) {
            hi = index;
        }
        total += count;
    }

    /** Adds sorted, distinct bucket indexes with their counts; {@code total} is the sum of {@code add}. */
    void addSorted(int[] index, long[] add, long totalAdded) {
        int n = index.length;
        if (n == 0) {
            return;
        }
        long[] c = counts;
        for (int i = 0; i < n; i++) {
            c[index[i]] += add[i];
        }
        if (index[0] < lo) {
            lo = index[0];
        }
        if (index[n - 1] > hi) {
            hi = index[n - 1];
        }
        total += totalAdded;
    }

    public void add(DenseCounts other) {
        for (int i = other.lo; i <= other.hi; i++) {
            if (other.counts[i] != 0) {
                add(i, other.counts[i]);
            }
        }
    }

    /** What was accumulated, as an immutable {@link SparseHistogram} (allocates it; exact). */
    public SparseHistogram toSparse() {
        if (total == 0) {
            return SparseHistogram.EMPTY;
        }
        int n = 0;
        for (int i = lo; i <= hi; i++) {
            if (counts[i] != 0) {
                n++;
            }
        }
        int[] index = new int[n];
        long[] c = new long[n];
        int j = 0;
        for (int i = lo; i <= hi; i++) {
            if (counts[i] != 0) {
                index[j] = i;
                c[j++] = counts[i];
            }
        }
        return new SparseHistogram(index, c, total);
    }

    public long totalCount() {
        return total;
    }

    /** The value (ns) at {@code percentile} (0..100), as HdrHistogram's getValueAtPercentile; 0 if empty. */
    public long valueAtPercentile(double percentile) {
        if (total == 0) {
            return 0;
        }
        double p = Math.min(Math.max(percentile, 0), 100);
        long countAtPercentile = Math.max(1, (long) Math.ceil(p / 100.0 * total - 1e-9));
        long running = 0;
        for (int i = lo; i <= hi; i++) {
            running += counts[i];
            if (running >= countAtPercentile) {
                return p == 0 ? BucketTable.LOWEST[i] : BucketTable.HIGHEST[i];
            }
        }
        return BucketTable.HIGHEST[hi];
    }

    /** Mean (ns) from bucket medians; 0 if empty. */
    public double mean() {
        if (total == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = lo; i <= hi; i++) {
            if (counts[i] != 0) {
                sum += (double) BucketTable.MEDIAN[i] * counts[i];
            }
        }
        return sum / total;
    }

    /** Lowest value (ns) recorded, to the bucket's precision; 0 if empty. */
    public long min() {
        return total == 0 || lo == 0 ? 0 : BucketTable.LOWEST[lo];
    }

    /** Highest value (ns) recorded, to the bucket's precision; 0 if empty. */
    public long max() {
        return total == 0 ? 0 : BucketTable.HIGHEST[hi];
    }
}
