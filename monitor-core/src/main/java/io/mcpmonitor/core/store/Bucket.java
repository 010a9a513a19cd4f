package io.mcpmonitor.core.store;

import io.mcpmonitor.core.call.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The merged data of one series in one time bucket, however many lines (flushes, writers) it came
 * from. Built by the reader; read by queries while the reader's read lock is held.
 *
 * <p>Not thread-safe on its own; {@link StoreReader} guards it.
 */
public final class Bucket {

    /**
     * Error groups answered per bucket (plus at most one overflow group per outcome): the most frequent ones (ties in the stable order of
     * {@link ErrorCount#MOST_FREQUENT_FIRST}); the others are counted, per outcome, in one
     * {@link ErrorCount#OTHER_MESSAGE} group. Chosen from all groups added, so the answer never
     * depends on the order lines were read in.
     */
    public static final int MAX_ERROR_GROUPS = 32;

    private final long startMillis;
    private final long[] counts = new long[Outcome.values().length];
    private SparseHistogram histogram = SparseHistogram.EMPTY;
    // Exact sum of durations of every line added, or UNKNOWN_SUM once a line without one was added.
    private long sumNanos = 0;
    private final java.util.List<SparseHistogram> pending = new java.util.ArrayList<>(0);
    // Every group added, normalised; capped only in the view, so merging stays order-independent.
    private Map<String, ErrorCount> errors = Map.of();
    private Map<String, Long> clients = Map.of();
    private Map<String, Long> clientErrors = Map.of();
    private ResultSizes resultSizes = ResultSizes.EMPTY;
    private Map<String, ErrorCount> capped; // the view; null when it must be recomputed

    Bucket(long startMillis) {
        this.startMillis = startMillis;
    }

    void add(CallRecord r) {
        if (r.totalCalls() > 0) {
            sumNanos = sumNanos >= 0 && r.hasExactSum() ? sumNanos + r.sumNanos() : CallRecord.UNKNOWN_SUM;
        }
        for (Outcome o : Outcome.values()) {
            counts[o.ordinal()] += r.count(o);
        }
        if (histogram.totalCount() == 0) {
            histogram = r.histogram();
        } else {
            pending.add(r.histogram()); // merged on first read, so loading never forces a decode
        }
        resultSizes = resultSizes.plus(r.resultSizes());
        if (!r.clients().isEmpty()) {
            if (clients.isEmpty()) {
                clients = new java.util.TreeMap<>();
            }
            r.clients().forEach((client, n) -> clients.merge(client, n, Long::sum));
        }
        if (!r.clientErrors().isEmpty()) {
            if (clientErrors.isEmpty()) {
                clientErrors = new java.util.TreeMap<>();
            }
            r.clientErrors().forEach((client, n) -> clientErrors.merge(client, n, Long::sum));
        }
        if (!r.errors().isEmpty()) {
            if (errors.isEmpty()) {
                errors = new LinkedHashMap<>();
            }
            for (ErrorCount e : r.errors()) {
                ErrorCount g = e.normalised(); // old lines hold raw messages
                errors.merge(g.key(), g, ErrorCount::plus);
            }
            synchronized (this) {
                capped = null;
            }
        }
    }

    public long startMillis() {
        return startMillis;
    }

    public long count(Outcome o) {
        return counts[o.ordinal()];
    }

    public long totalCalls() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** {@code true} when {@link #sumNanos()} is exact: every line added carried its sum. */
    public boolean hasExactSum() {
        return sumNanos >= 0;
    }

    /**
     * The exact sum of the durations of this bucket's calls in nanoseconds, or
     * {@link CallRecord#UNKNOWN_SUM} when a line written before the sum was kept is part of it (then
     * averages fall back to the histogram's mean).
     */
    public long sumNanos() {
        return sumNanos;
    }

    /** The merged histogram of everything added. Synchronized: concurrent queries may ask at once. */
    public synchronized SparseHistogram histogram() {
        if (pending.size() >= MERGE_DENSE_FROM) {
            // Many at once (a day of hours, an hour of flushes): one addition per bucket into a dense array, instead
            // of a new merged array per histogram. Exact either way; the total stays the sum of what each claims.
            DenseCounts d = MERGE.get();
            d.reset();
            long claimed = histogram.totalCount();
            histogram.addTo(d);
            for (SparseHistogram h : pending) {
                h.addTo(d);
                claimed += h.totalCount();
            }
            histogram = d.toSparse().withTotalCount(claimed);
            pending.clear();
        } else if (!pending.isEmpty()) {
            for (SparseHistogram h : pending) {
                histogram = histogram.plus(h);
            }
            pending.clear();
        }
        return histogram;
    }

    private static final int MERGE_DENSE_FROM = 4;
    private static final ThreadLocal<DenseCounts> MERGE = ThreadLocal.withInitial(DenseCounts::new);

    /** Visits the errors of this bucket with their identity key ({@link ErrorCount#key()}), unsorted, without copying. */
    public void forEachError(java.util.function.BiConsumer<String, ErrorCount> visitor) {
        cappedErrors().forEach(visitor);
    }

    /** Error groups of this bucket (at most {@link #MAX_ERROR_GROUPS} plus the overflow), most frequent first. */
    public List<ErrorCount> errors() {
        List<ErrorCount> out = new ArrayList<>(cappedErrors().values());
        out.sort(ErrorCount.MOST_FREQUENT_FIRST);
        return out;
    }

    /** Calls by client label ({@code name/version}); clients that did not say are absent. Unmodifiable view. */
    public Map<String, Long> clients() {
        return java.util.Collections.unmodifiableMap(clients);
    }

    /** Failed calls (any outcome but success) by client label; clients without any are absent. Unmodifiable view. */
    public Map<String, Long> clientErrors() {
        return java.util.Collections.unmodifiableMap(clientErrors);
    }

    /** The sizes of the results of this bucket's calls, in bytes ({@link ResultSizes#EMPTY} if none measured). */
    public ResultSizes resultSizes() {
        return resultSizes;
    }

    private synchronized Map<String, ErrorCount> cappedErrors() {
        if (errors.size() <= MAX_ERROR_GROUPS) {
            return errors;
        }
        if (capped == null) {
            capped = cap(errors.values());
        }
        return capped;
    }

    /** The most frequent groups, the rest folded per outcome into the overflow group; every error counted. */
    static Map<String, ErrorCount> cap(java.util.Collection<ErrorCount> all) {
        List<ErrorCount> sorted = new ArrayList<>(all);
        sorted.removeIf(e -> e.message().equals(ErrorCount.OTHER_MESSAGE));
        List<ErrorCount> overflow = new ArrayList<>();
        for (ErrorCount e : all) {
            if (e.message().equals(ErrorCount.OTHER_MESSAGE)) {
                overflow.add(e);
            }
        }
        sorted.sort(ErrorCount.MOST_FREQUENT_FIRST);
        int keep = MAX_ERROR_GROUPS;
        Map<String, ErrorCount> out = new LinkedHashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            ErrorCount e = sorted.get(i);
            if (i < keep) {
                out.put(e.key(), e);
            } else {
                overflow.add(new ErrorCount(e.outcome(), "", ErrorCount.OTHER_MESSAGE, e.count()));
            }
        }
        for (ErrorCount o : overflow) {
            ErrorCount folded = new ErrorCount(o.outcome(), "", ErrorCount.OTHER_MESSAGE, o.count());
            out.merge(folded.key(), folded, ErrorCount::plus);
        }
        return out;
    }

    /**
     * This bucket as a record with every error group it holds, none folded into the overflow group: what a
     * summary keeps, so that merging it with other data picks the same most frequent groups as merging the
     * minute lines it stands for would.
     */
    CallRecord toUncappedRecord(Resolution resolution, SeriesKey key) {
        List<ErrorCount> all = new ArrayList<>(errors.values());
        all.sort(ErrorCount.MOST_FREQUENT_FIRST);
        return new CallRecord(resolution, startMillis, key.server(), key.tool(), counts, histogram(), all,
                sumNanos >= 0 ? sumNanos : CallRecord.UNKNOWN_SUM, clients, resultSizes, key.method(), clientErrors);
    }

    /** This bucket as a record of the given resolution and series. */
    CallRecord toRecord(Resolution resolution, SeriesKey key) {
        return new CallRecord(resolution, startMillis, key.server(), key.tool(), counts, histogram(), errors(),
                sumNanos >= 0 ? sumNanos : CallRecord.UNKNOWN_SUM, clients, resultSizes, key.method(), clientErrors);
    }
}
