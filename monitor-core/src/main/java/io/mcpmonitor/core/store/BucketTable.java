package io.mcpmonitor.core.store;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Every bucket of the {@link HistogramFormat}, in order: for bucket {@code i}, the lowest, median and
 * highest value it stands for (ns). Built once from HdrHistogram's own public answers
 * ({@code nextNonEquivalentValue}, {@code lowestEquivalentValue}, ...), so the numbering agrees with
 * HdrHistogram by construction. Lets queries merge histograms by adding counts at bucket indexes.
 *
 * <p>Immutable and thread-safe.
 */
final class BucketTable {

    static final long[] HIGHEST;
    static final long[] LOWEST;
    static final long[] MEDIAN;

    static {
        Histogram h = HistogramFormat.newHistogram();
        long[] hi = new long[8192];
        long[] lo = new long[8192];
        long[] mid = new long[8192];
        int n = 0;
        long v = 0;
        while (v <= HistogramFormat.HIGHEST_TRACKABLE_NANOS) {
            lo[n] = h.lowestEquivalentValue(v);
            hi[n] = h.highestEquivalentValue(v);
            mid[n] = h.medianEquivalentValue(v);
            n++;
            v = h.nextNonEquivalentValue(v);
        }
        HIGHEST = Arrays.copyOf(hi, n);
        LOWEST = Arrays.copyOf(lo, n);
        MEDIAN = Arrays.copyOf(mid, n);
    }

    private BucketTable() {
    }

    static int size() {
        return HIGHEST.length;
    }

    /** The bucket holding {@code value} (ns, clamped to the trackable range). */
    static int indexOf(long value) {
        long v = Math.max(0, Math.min(value, HistogramFormat.HIGHEST_TRACKABLE_NANOS));
        int i = Arrays.binarySearch(HIGHEST, v);
        return i >= 0 ? i : -i - 1;
    }
}
