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
     * the disk before it returns; the writer keeps a summary of each of its files beside it
     * ({@link StoreWriter#appendRecords}).
     */
    static RecordSink toStore(StoreWriter writer) {
        return writer::appendRecords;
    }
}
