package io.mcpmonitor.core.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * An immutable histogram of the {@link HistogramFormat} kept as its non-empty buckets only: bucket
 * indexes (see {@link BucketTable}) and counts, in ascending order.
 *
 * <p>Why: a full HdrHistogram of our configuration is ~36 KB whatever it holds, while a busy minute
 * fills a few dozen buckets. The store index keeps hundreds of thousands of these; merging them
 * into a {@link DenseCounts} is one addition per bucket, and exact. One read from disk is decoded
 * only when a query first needs it ({@link #decodeLazily}), so opening a large store parses JSON
 * but decodes only what is asked for.
 *
 * <p>Thread-safe: immutable once decoded; the lazy decode is synchronized. On disk it is the base64
 * of HdrHistogram's compressed V2 encoding, readable by any HdrHistogram implementation.
 */
public final class SparseHistogram {

    /** The histogram with no values. */
    public static final SparseHistogram EMPTY = new SparseHistogram(new int[0], new long[0], 0);

    private static final AtomicLong UNDECODABLE = new AtomicLong();

    private final long totalCount;
    private final String encoded;
    private volatile int[] index;
    private volatile long[] counts;

    SparseHistogram(int[] index, long[] counts, long totalCount) {
        this.index = index;
        this.counts = counts;
        this.totalCount = totalCount;
        this.encoded = null;
    }

    private SparseHistogram(String encoded, long totalCount) {
        this.encoded = encoded;
        this.totalCount = totalCount;
    }

    /** Copies the non-empty buckets of {@code h}, which must be of the {@link HistogramFormat}. */
    public static SparseHistogram of(AbstractHistogram h) {
        long total = h.getTotalCount();
        if (total == 0) {
            return EMPTY;
        }
        int n = 0;
        int[] idx = new int[32];
        long[] c = new long[32];
        for (HistogramIterationValue it : h.recordedValues()) {
            if (n == idx.length) {
                idx = Arrays.copyOf(idx, n * 2);
                c = Arrays.copyOf(c, n * 2);
            }
            idx[n] = BucketTable.indexOf(it.getValueIteratedTo());
            c[n] = it.getCountAtValueIteratedTo();
            n++;
        }
        return new SparseHistogram(Arrays.copyOf(idx, n), Arrays.copyOf(c, n), total);
    }

    /** Decodes the base64 form written by {@link #encode()} now. */
    public static SparseHistogram decode(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return EMPTY;
        }
        SparseHistogram direct = CompressedHistograms.decode(base64);
        return direct != null ? direct : of(decodeHistogram(base64));
    }

    /**
     * A histogram whose encoded form is decoded on first use. {@code totalCount} is what the record
     * claims; if the encoding later proves unreadable the histogram reads as empty and
     * {@link #undecodable()} counts it.
     *
     * @throws IllegalArgumentException if {@code base64} is not even shaped like an encoded histogram
     */
    public static SparseHistogram decodeLazily(String base64, long totalCount) {
        if (totalCount == 0 && (base64 == null || base64.isEmpty())) {
            return EMPTY;
        }
        if (base64 == null || !base64.startsWith("HISTF")) {
            throw new IllegalArgumentException("not an encoded HdrHistogram");
        }
        return new SparseHistogram(base64, totalCount);
    }

    /** Histograms that could not be decoded when first used, since start. */
    public static long undecodable() {
        return UNDECODABLE.get();
    }

    private static Histogram decodeHistogram(String base64) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
            return Histogram.decodeFromCompressedByteBuffer(buf, HistogramFormat.HIGHEST_TRACKABLE_NANOS);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }

    private int[] index() {
        int[] i = index;
        if (i == null) {
            decodeNow();
            i = index;
        }
        return i;
    }

    private long[] counts() {
        if (index == null) {
            decodeNow();
        }
        return counts;
    }

    private synchronized void decodeNow() {
        if (index != null) {
            return;
        }
        SparseHistogram d;
        try {
            d = decode(encoded);
            if (d.totalCount != totalCount) {
                throw new IllegalArgumentException("holds " + d.totalCount + " values, record claims " + totalCount);
            }
        } catch (IllegalArgumentException e) {
            UNDECODABLE.incrementAndGet();
            d = EMPTY;
        }
        counts = d.counts();
        index = d.index();
    }

    /** Base64 of HdrHistogram's compressed encoding of this histogram. */
    public String encode() {
        if (encoded != null) {
            return encoded;
        }
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
        int[] idx = index();
        long[] c = counts();
        for (int i = 0; i < idx.length; i++) {
            accumulator.recordValueWithCount(BucketTable.HIGHEST[idx[i]], c[i]);
        }
    }

    /** Receives the non-empty buckets of a histogram in ascending order. */
    @FunctionalInterface
    public interface BucketVisitor {
        /**
         * @param highestNanos the highest value the bucket stands for (what percentiles report), ns
         * @param medianNanos  the bucket's median value (what the mean uses), ns
         * @param count        values in the bucket, at least 1
         */
        void bucket(long highestNanos, long medianNanos, long count);
    }

    /** Visits every non-empty bucket in ascending order, without allocating (decodes if needed). */
    public void forEachBucket(BucketVisitor visitor) {
        int[] idx = index();
        long[] c = counts();
        for (int i = 0; i < idx.length; i++) {
            visitor.bucket(BucketTable.HIGHEST[idx[i]], BucketTable.MEDIAN[idx[i]], c[i]);
        }
    }

    /** Adds every value of this histogram into {@code accumulator}: one addition per bucket. */
    public void addTo(DenseCounts accumulator) {
        int[] idx = index();
        accumulator.addSorted(idx, counts(), idx.length == 0 ? 0 : totalCount);
    }

    /** This histogram, stating {@code total} values (what the records it was merged from claimed). */
    SparseHistogram withTotalCount(long total) {
        return total == totalCount ? this : new SparseHistogram(index(), counts(), total);
    }

    /** The merge of this and {@code other}. */
    public SparseHistogram plus(SparseHistogram other) {
        if (other.totalCount == 0) {
            return this;
        }
        if (totalCount == 0) {
            return other;
        }
        int[] a = index();
        long[] ac = counts();
        int[] b = other.index();
        long[] bc = other.counts();
        int[] v = new int[a.length + b.length];
        long[] c = new long[v.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            if (j == b.length || (i < a.length && a[i] < b[j])) {
                v[n] = a[i];
                c[n++] = ac[i++];
            } else if (i == a.length || b[j] < a[i]) {
                v[n] = b[j];
                c[n++] = bc[j++];
            } else {
                v[n] = a[i];
                c[n++] = ac[i++] + bc[j++];
            }
        }
        return new SparseHistogram(Arrays.copyOf(v, n), Arrays.copyOf(c, n), totalCount + other.totalCount);
    }

    /** Number of values recorded. */
    public long totalCount() {
        return totalCount;
    }

    /** Number of non-empty buckets (decodes if needed). */
    public int bucketCount() {
        return index().length;
    }
}
