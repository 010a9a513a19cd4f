package io.mcpmonitor.core.store;

import io.mcpmonitor.core.call.McpMethod;
import io.mcpmonitor.core.call.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The calls of one series (server, tool) in one bucket of a {@link Resolution}: counts by outcome,
 * the histogram of all durations, the error summary, the exact sum of all durations in
 * nanoseconds ({@code sumNanos}, {@link #UNKNOWN_SUM} for lines written before it was kept), so an
 * average is exact rather than read from the histogram's buckets, and how many of the calls each client
 * made ({@code clients}: label {@code name/version} from the client's {@code clientInfo} to calls; calls of
 * clients that did not say are absent, so the counts may add up to less than {@link #totalCalls()}).
 * {@code resultSizes} are the sizes of the calls' results ({@link ResultSizes#EMPTY} if none was measured).
 * {@code clientErrors} are the calls of {@code clients} that failed (any outcome but success), by client;
 * a client without failed calls is absent (lines written before they were kept have none).
 * {@code method} is the MCP method the calls were ({@link McpMethod}; {@code tool} is then that method's name
 * of the series). This is what one {@code calls} line of the store holds.
 *
 * <p>Immutable: the counts array is copied in and out. Names are stored as given (any string,
 * empty included); they never become file names.
 */
public record CallRecord(Resolution resolution, long startMillis, String server, String tool,
                         long[] outcomeCounts, SparseHistogram histogram, List<ErrorCount> errors, long sumNanos,
                         Map<String, Long> clients, ResultSizes resultSizes, String method,
                         Map<String, Long> clientErrors) {

    /** A record without failed calls by client. */
    public CallRecord(Resolution resolution, long startMillis, String server, String tool,
                      long[] outcomeCounts, SparseHistogram histogram, List<ErrorCount> errors, long sumNanos,
                      Map<String, Long> clients, ResultSizes resultSizes, String method) {
        this(resolution, startMillis, server, tool, outcomeCounts, histogram, errors, sumNanos, clients, resultSizes,
                method, Map.of());
    }

    /** A record of tool calls ({@link McpMethod#TOOLS_CALL}). */
    public CallRecord(Resolution resolution, long startMillis, String server, String tool,
                      long[] outcomeCounts, SparseHistogram histogram, List<ErrorCount> errors, long sumNanos,
                      Map<String, Long> clients, ResultSizes resultSizes) {
        this(resolution, startMillis, server, tool, outcomeCounts, histogram, errors, sumNanos, clients, resultSizes,
                McpMethod.TOOLS_CALL);
    }

    /** {@code sumNanos} of a record whose exact sum is not known (old lines): averages use the histogram. */
    public static final long UNKNOWN_SUM = -1;

    /** A record without an exact sum of durations, client attribution or result sizes. */
    public CallRecord(Resolution resolution, long startMillis, String server, String tool,
                      long[] outcomeCounts, SparseHistogram histogram, List<ErrorCount> errors) {
        this(resolution, startMillis, server, tool, outcomeCounts, histogram, errors, UNKNOWN_SUM);
    }

    /** A record without client attribution or result sizes. */
    public CallRecord(Resolution resolution, long startMillis, String server, String tool,
                      long[] outcomeCounts, SparseHistogram histogram, List<ErrorCount> errors, long sumNanos) {
        this(resolution, startMillis, server, tool, outcomeCounts, histogram, errors, sumNanos, Map.of(),
                ResultSizes.EMPTY);
    }

    public CallRecord {
        if (sumNanos < UNKNOWN_SUM) {
            throw new IllegalArgumentException("sumNanos must be >= 0 (or -1: unknown), was " + sumNanos);
        }
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(histogram, "histogram");
        Objects.requireNonNull(resultSizes, "resultSizes");
        Objects.requireNonNull(method, "method");
        if (outcomeCounts.length != Outcome.values().length) {
            throw new IllegalArgumentException("outcomeCounts must have one entry per outcome");
        }
        outcomeCounts = outcomeCounts.clone();
        errors = List.copyOf(errors);
        // Sorted, so that a line's client order never depends on the order calls arrived in.
        clients = clients.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(clients));
        clientErrors = clientErrors == null || clientErrors.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(clientErrors));
    }

    @Override
    public long[] outcomeCounts() {
        return outcomeCounts.clone();
    }

    /** The series this record belongs to. */
    public SeriesKey key() {
        return new SeriesKey(server, tool, method);
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
                && server.equals(r.server) && tool.equals(r.tool) && method.equals(r.method) && Arrays.equals(outcomeCounts, r.outcomeCounts)
                && errors.equals(r.errors) && clients.equals(r.clients) && clientErrors.equals(r.clientErrors) && resultSizes.totalBytes() == r.resultSizes.totalBytes()
                && resultSizes.count() == r.resultSizes.count() && histogram.totalCount() == r.histogram.totalCount()
                && sumNanos == r.sumNanos;
    }

    @Override
    public int hashCode() {
        return Objects.hash(resolution, startMillis, server, tool, Arrays.hashCode(outcomeCounts));
    }
}
