package io.mcpmonitor.core.record;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.CallRecord;
import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.HistogramFormat;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.SeriesKey;
import io.mcpmonitor.core.store.SparseHistogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Calls reported with an explicit timestamp (the {@code track_performance} tool, batches from
 * servers that are not Java). They are kept as raw values per (minute, series) until the next
 * flush, which turns each into one record of its own minute, so a backdated call lands in the
 * minute it happened, not the one it was reported in.
 *
 * <p>Memory is 8 bytes per call until the flush, not a histogram per minute. Thread-safe
 * (synchronized: this is an ingest path, not the hot recording path).
 */
final class Backfill {

    private static final class Values {
        long[] nanos = new long[8];
        int size;
        final long[] counts = new long[Outcome.count()];
        final ErrorSummary errors = new ErrorSummary();
    }

    private record Key(long minute, SeriesKey series) {
    }

    // guarded by this
    private Map<Key, Values> pending = new HashMap<>();

    synchronized void add(long epochMillis, String server, String tool, long durationNanos, Outcome outcome,
                          String errorType, String message) {
        Key key = new Key(Resolution.MINUTE.floor(epochMillis), new SeriesKey(server, tool));
        Values v = pending.computeIfAbsent(key, k -> new Values());
        if (v.size == v.nanos.length) {
            v.nanos = Arrays.copyOf(v.nanos, v.size * 2);
        }
        v.nanos[v.size++] = HistogramFormat.clamp(durationNanos);
        v.counts[outcome.ordinal()]++;
        if (outcome.isError()) {
            v.errors.add(outcome, errorType, message);
        }
    }

    /** Turns everything pending into minute records, using {@code scratch} to build histograms. */
    List<CallRecord> drain(Histogram scratch) {
        Map<Key, Values> taken;
        synchronized (this) {
            if (pending.isEmpty()) {
                return List.of();
            }
            taken = pending;
            pending = new HashMap<>();
        }
        List<CallRecord> out = new ArrayList<>(taken.size());
        for (Map.Entry<Key, Values> e : taken.entrySet()) {
            Values v = e.getValue();
            scratch.reset();
            long sum = 0;
            for (int i = 0; i < v.size; i++) {
                scratch.recordValue(v.nanos[i]);
                sum += v.nanos[i];
            }
            List<ErrorCount> errors = v.errors.drain();
            out.add(new CallRecord(Resolution.MINUTE, e.getKey().minute(), e.getKey().series().server(),
                    e.getKey().series().tool(), v.counts, SparseHistogram.of(scratch), errors, sum));
        }
        return out;
    }
}
