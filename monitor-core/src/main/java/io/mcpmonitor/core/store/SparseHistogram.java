package io.mcpmonitor.core.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * An immutable histogram of the {@link HistogramFormat} configuration kept as its non-empty buckets
 * only: the bucket's highest equivalent value (ns) and its count, in ascending value order.
 *
 * <p>Why: a full HdrHistogram of our configuration is ~36 KB whatever it holds, while a busy
 * minute fills a few dozen buckets. The store index keeps tens of thousands of these, and merging
 * them into one accumulator with {@link #addTo(Histogram)} is exact: each value maps back to the
 * very bucket it came from.
 *
 * <p>Immutable and thread-safe. On disk it is the base64 of HdrHistogram's compressed V2 encoding,
 * readable by any HdrHistogram implementation.
 */
public final class SparseHistogram {

    /** The histogram with no values. */
    public static final SparseHistogram EMPTY = new SparseHistogram(new long[0], new long[0], 0);

    private final long[] values;
    private final long[] counts;
    private final long totalCount;

    private SparseHistogram(long[] values, long[] counts, long totalCount) {
        this.values = values;
        this.counts = counts;
        this.totalCount = totalCount;
    }

    /** Copies the non-empty buckets of {@code h}, which must be of the {@link HistogramFormat}. */
    public static SparseHistogram of(AbstractHistogram h) {
        long total = h.getTotalCount();
        if (total == 0) {
            return EMPTY;
        }
        int n = 0;
        long[] v = new long[32];
        long[] c = new long[32];
        for (HistogramIterationValue it : h.recordedValues()) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
                c = Arrays.copyOf(c, n * 2);
            }
            v[n] = it.getValueIteratedTo();
            c[n] = it.getCountAtValueIteratedTo();
            n++;
        }
        return new SparseHistogram(Arrays.copyOf(v, n), Arrays.copyOf(c, n), total);
    }

    /** Decodes the base64 form written by {@link #encode()}. */
    public static SparseHistogram decode(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return EMPTY;
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
            Histogram h = Histogram.decodeFromCompressedByteBuffer(buf, HistogramFormat.HIGHEST_TRACKABLE_NANOS);
            return of(h);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }

    /** Base64 of HdrHistogram's compressed encoding of this histogram. */
    public String encode() {
        Histogram h = HistogramFormat.newHistogram();
        addTo(h);
        return encode(h);
    }

    /** Base64 of HdrHistogram's compressed encoding of {@code h}. */
    public static String encode(AbstractHistogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int len = h.encodeIntoCompressedByteBuffer(buf, Deflater.BEST_COMPRESSION);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), len));
    }

    /** Adds every value of this histogram into {@code accumulator}, exactly. */
    public void addTo(Histogram accumulator) {
        for (int i = 0; i < values.length; i++) {
            accumulator.recordValueWithCount(values[i], counts[i]);
        }
    }

    /** The merge of this and {@code other}. */
    public SparseHistogram plus(SparseHistogram other) {
        if (other.totalCount == 0) {
            return this;
        }
        if (totalCount == 0) {
            return other;
        }
        long[] v = new long[values.length + other.values.length];
        long[] c = new long[v.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < values.length || j < other.values.length) {
            if (j == other.values.length || (i < values.length && values[i] < other.values[j])) {
                v[n] = values[i];
                c[n++] = counts[i++];
            } else if (i == values.length || other.values[j] < values[i]) {
                v[n] = other.values[j];
                c[n++] = other.counts[j++];
            } else {
                v[n] = values[i];
                c[n++] = counts[i++] + other.counts[j++];
            }
        }
        return new SparseHistogram(Arrays.copyOf(v, n), Arrays.copyOf(c, n), totalCount + other.totalCount);
    }

    /** Number of values recorded. */
    public long totalCount() {
        return totalCount;
    }

    /** Number of non-empty buckets. */
    public int bucketCount() {
        return values.length;
    }
}
