package io.mcpmonitor.core.store;

import io.mcpmonitor.core.call.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The calls of one series (server, tool) in one bucket of a {@link Resolution}: counts by outcome,
 * the histogram of all durations, the error summary, and the exact sum of all durations in
 * nanoseconds ({@code sumNanos}, {@link #UNKNOWN_SUM} for lines written before it was kept), so an
 * average is exact rather than read from the histogram's buckets. This is what one {@code calls}
 * line of the store holds.
 *
 * <p>Immutable: the counts array is copied in and out. Names are stored as given (any string,
 * empty included); they never become file names.
 */
public record CallRecord(Resolution resolution, long startMillis, String server, String tool,
                         long[] outcomeCounts, SparseHistogram histogram, List<ErrorCount> errors, long sumNanos) {

    /** {@code sumNanos} of a record whose exact sum is not known (old lines): averages use the histogram. */
    public static final long UNKNOWN_SUM = -1;

    /** A record without an exact sum of durations. */
    public CallRecord(Resolution resolution, long startMillis, String server, String tool,
                      long[] outcomeCounts, SparseHistogram histogram, List<ErrorCount> errors) {
        this(resolution, startMillis, server, tool, outcomeCounts, histogram, errors, UNKNOWN_SUM);
    }

    public CallRecord {
        if (sumNanos < UNKNOWN_SUM) {
            throw new IllegalArgumentException("sumNanos must be >= 0 (or -1: unknown), was " + sumNanos);
        }
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(histogram, "histogram");
        if (outcomeCounts.length != Outcome.values().length) {
            throw new IllegalArgumentException("outcomeCounts must have one entry per outcome");
        }
        outcomeCounts = outcomeCounts.clone();
        errors = List.copyOf(errors);
    }

    @Override
    public long[] outcomeCounts() {
        return outcomeCounts.clone();
    }

    /** Calls that ended with {@code outcome}. */
    public long count(Outcome outcome) {
        return outcomeCounts[outcome.ordinal()];
    }

    /** {@code true} when {@link #sumNanos()} is the exact sum of the durations. */
    public boolean hasExactSum() {
        return sumNanos >= 0;
    }

    /** All calls, every outcome. */
    public long totalCalls() {
        long sum = 0;
        for (long c : outcomeCounts) {
            sum += c;
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallRecord r && resolution == r.resolution && startMillis == r.startMillis
                && server.equals(r.server) && tool.equals(r.tool) && Arrays.equals(outcomeCounts, r.outcomeCounts)
                && errors.equals(r.errors) && histogram.totalCount() == r.histogram.totalCount() && sumNanos == r.sumNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(resolution, startMillis, server, tool, Arrays.hashCode(outcomeCounts));
    }
}
