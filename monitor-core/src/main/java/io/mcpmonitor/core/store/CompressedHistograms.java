package io.mcpmonitor.core.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads HdrHistogram's compressed V2 encoding of a histogram of the {@link HistogramFormat} straight
 * into its non-empty buckets, without building a full HdrHistogram (~36 KB of counters allocated and
 * walked for each minute of each series). The encoding is a deflated block of a 40-byte header and
 * the counts array as ZigZag LEB128 numbers, where a negative number {@code -n} stands for {@code n}
 * empty counters in a row; the counts array's index is the bucket index of {@link BucketTable}
 * (HdrHistogram numbers its equivalent-value ranges in ascending order, as the table does; a test
 * checks both decoders agree).
 *
 * <p>Anything this reader does not expect (another cookie, another configuration, an index offset, a
 * count past the table) makes {@link #decode} return {@code null}, and the caller decodes with
 * HdrHistogram itself, which knows every encoding. Thread-safe: one inflater per thread.
 */
final class CompressedHistograms {

    private static final int V2_COMPRESSED_COOKIE = 0x1c849304 | 0x10;
    private static final int V2_COOKIE = 0x1c849303 | 0x10;
    private static final int HEADER_BYTES = 40;
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[4096]});

    private CompressedHistograms() {
    }

    /** The histogram encoded in {@code base64}, or {@code null} if this reader does not handle its encoding. */
    static SparseHistogram decode(String base64) {
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (compressed.length < 8) {
            return null;
        }
        ByteBuffer head = ByteBuffer.wrap(compressed);
        if (head.getInt(0) != V2_COMPRESSED_COOKIE) {
            return null;
        }
        int deflatedLength = head.getInt(4);
        if (deflatedLength <= 0 || deflatedLength > compressed.length - 8) {
            return null;
        }
        Inflater inflater = INFLATER.get();
        inflater.reset();
        inflater.setInput(compressed, 8, deflatedLength);
        byte[][] scratch = SCRATCH.get();
        byte[] raw = scratch[0];
        int len = 0;
        try {
            while (!inflater.finished()) {
                if (len == raw.length) {
                    if (raw.length >= 1 << 22) {
                        return null;
                    }
                    raw = Arrays.copyOf(raw, raw.length * 2);
                    scratch[0] = raw;
                }
                int n = inflater.inflate(raw, len, raw.length - len);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                len += n;
            }
        } catch (DataFormatException e) {
            return null;
        }
        return counts(ByteBuffer.wrap(raw, 0, len), len);
    }

    private static SparseHistogram counts(ByteBuffer b, int len) {
        if (len < HEADER_BYTES || b.getInt(0) != V2_COOKIE) {
            return null;
        }
        int payload = b.getInt(4);
        int indexOffset = b.getInt(8);
        int digits = b.getInt(12);
        long lowest = b.getLong(16);
        long highest = b.getLong(24);
        if (indexOffset != 0 || digits != HistogramFormat.SIGNIFICANT_DIGITS
                || lowest != HistogramFormat.LOWEST_DISCERNIBLE_NANOS || highest < HistogramFormat.HIGHEST_TRACKABLE_NANOS
                || payload < 0 || payload > len - HEADER_BYTES) {
            return null;
        }
        int end = HEADER_BYTES + payload;
        b.position(HEADER_BYTES);
        int[] idx = new int[16];
        long[] c = new long[16];
        int n = 0;
        long total = 0;
        int bucket = 0;
        int buckets = BucketTable.size();
        while (b.position() < end) {
            long v = zigZag(b, end);
            if (v == Long.MIN_VALUE) {
                return null;
            }
            if (v < 0) {
                bucket += (int) Math.min(-v, Integer.MAX_VALUE - bucket);
                continue;
            }
            if (v > 0) {
                if (bucket >= buckets) {
                    return null;
                }
                if (n == idx.length) {
                    idx = Arrays.copyOf(idx, n * 2);
                    c = Arrays.copyOf(c, n * 2);
                }
                idx[n] = bucket;
                c[n++] = v;
                total += v;
            }
            bucket++;
        }
        if (total == 0) {
            return SparseHistogram.EMPTY;
        }
        return new SparseHistogram(Arrays.copyOf(idx, n), Arrays.copyOf(c, n), total);
    }

    /** One ZigZag LEB128 number as HdrHistogram writes it (at most 9 bytes); Long.MIN_VALUE if cut short. */
    private static long zigZag(ByteBuffer b, int end) {
        long value = 0;
        int shift = 0;
        for (int i = 0; i < 9; i++) {
            if (b.position() >= end) {
                return Long.MIN_VALUE;
            }
            long v = b.get();
            if (i == 8) {
                value |= v << 56;
                break;
            }
            value |= (v & 0x7F) << shift;
            shift += 7;
            if ((v & 0x80) == 0) {
                break;
            }
        }
        return (value >>> 1) ^ (-(value & 1));
    }
}
