package io.mcpmonitor.core.store;

import io.mcpmonitor.core.call.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The calls of one series (server, tool) in one bucket of a {@link Resolution}: counts by outcome,
 * the histogram of all durations, and the error summary. This is what one {@code calls} line of the
 * store holds.
 *
 * <p>Immutable: the counts array is copied in and out. Names are stored as given (any string,
 * empty included); they never become file names.
 */
public record CallRecord(Resolution resolution, long startMillis, String server, String tool,
                         long[] outcomeCounts, SparseHistogram histogram, List<ErrorCount> errors) {

    public CallRecord {
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
                && errors.equals(r.errors) && histogram.totalCount() == r.histogram.totalCount();
    }

    @Override
    public int hashCode() {
        return Objects.hash(resolution, startMillis, server, tool, Arrays.hashCode(outcomeCounts));
    }
}
