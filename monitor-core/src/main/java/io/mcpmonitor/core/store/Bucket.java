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

    /** Distinct errors kept per bucket; the rest are summed into the most frequent ones' tail. */
    static final int MAX_ERRORS = 32;

    private final long startMillis;
    private final long[] counts = new long[Outcome.values().length];
    private SparseHistogram histogram = SparseHistogram.EMPTY;
    private final java.util.List<SparseHistogram> pending = new java.util.ArrayList<>(0);
    private Map<String, ErrorCount> errors = Map.of();

    Bucket(long startMillis) {
        this.startMillis = startMillis;
    }

    void add(CallRecord r) {
        for (Outcome o : Outcome.values()) {
            counts[o.ordinal()] += r.count(o);
        }
        if (histogram.totalCount() == 0) {
            histogram = r.histogram();
        } else {
            pending.add(r.histogram()); // merged on first read, so loading never forces a decode
        }
        if (!r.errors().isEmpty()) {
            if (errors.isEmpty()) {
                errors = new LinkedHashMap<>();
            }
            for (ErrorCount e : r.errors()) {
                if (errors.size() < MAX_ERRORS || errors.containsKey(e.key())) {
                    errors.merge(e.key(), e, (a, b) -> a.plus(b.count()));
                }
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

    /** The merged histogram of everything added. Synchronized: concurrent queries may ask at once. */
    public synchronized SparseHistogram histogram() {
        if (!pending.isEmpty()) {
            for (SparseHistogram h : pending) {
                histogram = histogram.plus(h);
            }
            pending.clear();
        }
        return histogram;
    }

    /** Visits the errors of this bucket with their identity key ({@link ErrorCount#key()}), unsorted, without copying. */
    public void forEachError(java.util.function.BiConsumer<String, ErrorCount> visitor) {
        errors.forEach(visitor);
    }

    /** Errors of this bucket, most frequent first. */
    public List<ErrorCount> errors() {
        List<ErrorCount> out = new ArrayList<>(errors.values());
        out.sort(ErrorCount.MOST_FREQUENT_FIRST);
        return out;
    }

    /** This bucket as a record of the given resolution and series. */
    CallRecord toRecord(Resolution resolution, SeriesKey key) {
        return new CallRecord(resolution, startMillis, key.server(), key.tool(), counts, histogram(), errors());
    }
}
