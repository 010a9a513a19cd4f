package io.mcpmonitor.core.store;

import java.io.IOException;
import java.util.List;

/**
 * Where flushed data goes. The JSON store ({@link #toStore}) is the one the product ships; tests
 * and embedders may supply their own, and {@link #NOOP} discards everything.
 *
 * <p>Called from one flushing thread at a time. An {@link IOException} means nothing of the batch
 * was taken; the caller keeps the batch and offers it again later (it will not be counted twice).
 */
public interface RecordSink {

    /** Stores one flush: the call records of the interval and the process samples (either may be empty). */
    void write(long wallMillis, List<CallRecord> calls, List<ProcessRecord> processes) throws IOException;

    /** A sink that keeps nothing. */
    RecordSink NOOP = (wallMillis, calls, processes) -> { };

    /**
     * A sink that appends to {@code writer}'s files in the JSON store: each record to the file of its
     * own hour (a call record by its minute, a process sample by its time), all or nothing, forced to
     * the disk before it returns.
     */
    static RecordSink toStore(StoreWriter writer) {
        return (wallMillis, calls, processes) -> {
            java.util.SortedMap<Long, List<String>> byHour = new java.util.TreeMap<>();
            for (CallRecord c : calls) {
                byHour.computeIfAbsent(Resolution.HOUR.floor(c.startMillis()), h -> new java.util.ArrayList<>())
                        .add(LineCheck.seal(RecordCodec.encode(c)));
            }
            for (ProcessRecord p : processes) {
                byHour.computeIfAbsent(Resolution.HOUR.floor(p.atMillis()), h -> new java.util.ArrayList<>())
                        .add(LineCheck.seal(RecordCodec.encode(p)));
            }
            writer.appendAll(wallMillis, byHour);
        };
    }
}
