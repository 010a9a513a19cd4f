package io.mcpmonitor.core.store;

import java.util.Objects;

/**
 * The sizes of the results of a series' calls in one bucket, in <b>bytes</b> (UTF-8 of the results' text
 * contents plus their structured content as JSON): what those calls put into the calling assistant's
 * context. The histogram reads any percentile within 1 % (the durations' configuration, values in bytes);
 * the total and the maximum are exact. Calls without a measured result (errors thrown, cancelled, or
 * recorded by hand) have no size: {@link #count()} may be less than the bucket's calls.
 *
 * <p>Immutable; {@link #EMPTY} when nothing was measured.
 */
public record ResultSizes(SparseHistogram histogram, long totalBytes, long maxBytes) {

    public static final ResultSizes EMPTY = new ResultSizes(SparseHistogram.EMPTY, 0, 0);

    /** A rough number of tokens per byte of result: 4 bytes of English text or JSON make about one token. */
    public static final double BYTES_PER_TOKEN = 4.0;

    public ResultSizes {
        Objects.requireNonNull(histogram, "histogram");
        if (totalBytes < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("result sizes must be >= 0 bytes, were total " + totalBytes
                    + " and max " + maxBytes);
        }
    }

    /** Results measured. */
    public long count() {
        return histogram.totalCount();
    }

    public boolean isEmpty() {
        return count() == 0;
    }

    /** Both together, as if measured in one bucket. */
    public ResultSizes plus(ResultSizes other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        return new ResultSizes(histogram.plus(other.histogram), totalBytes + other.totalBytes,
                Math.max(maxBytes, other.maxBytes));
    }

    /** The estimate of tokens for {@code bytes}: {@code bytes / }{@value #BYTES_PER_TOKEN}, rounded. */
    public static long estimatedTokens(long bytes) {
        return Math.round(bytes / BYTES_PER_TOKEN);
    }
}
