package io.mcpmonitor.core.store;

import io.mcpmonitor.core.call.Outcome;
import java.io.IOException;
import java.util.List;

/** Call records and their writing for tests outside this package (the store's sink is package-private). */
public final class TestRecords {

    private TestRecords() {
    }

    /** {@code calls} successful calls of 2 ms of {@code server}/t in the minute starting at {@code minuteMillis}. */
    public static CallRecord calls(long minuteMillis, String server, int calls) {
        org.HdrHistogram.Histogram h = HistogramFormat.newHistogram();
        h.recordValueWithCount(2_000_000, calls);
        long[] counts = new long[Outcome.values().length];
        counts[Outcome.SUCCESS.ordinal()] = calls;
        return new CallRecord(Resolution.MINUTE, minuteMillis, server, "t", counts, SparseHistogram.of(h), List.of());
    }

    /** Writes {@code records} as writer {@code writerId} does: each in its own hour's file, forced. */
    public static void write(Store store, String writerId, List<CallRecord> records) throws IOException {
        RecordSink.toStore(new StoreWriter(store, writerId)).write(System.currentTimeMillis(), records, List.of());
    }
}
