package io.mcpmonitor.core.store;

import java.io.IOException;
import java.util.List;

/**
 * Where flushed data goes. The JSON store ({@link #toStore}) is the one the product ships; tests
 * and embedders may supply their own, and {@link #NOOP} discards everything.
 *
 * <p>Called from one flushing thread at a time. An {@link IOException} means nothing of the batch
 * was taken for sure; the caller keeps the batch and offers it again later.
 */
public interface RecordSink {

    /** Stores one flush: the call records of the interval and the process samples (either may be empty). */
    void write(long wallMillis, List<CallRecord> calls, List<ProcessRecord> processes) throws IOException;

    /** A sink that keeps nothing. */
    RecordSink NOOP = (wallMillis, calls, processes) -> { };

    /** A sink that appends to {@code writer}'s file in the JSON store. */
    static RecordSink toStore(StoreWriter writer) {
        return (wallMillis, calls, processes) -> {
            List<String> lines = new java.util.ArrayList<>(calls.size() + processes.size());
            for (CallRecord c : calls) {
                lines.add(RecordCodec.encode(c));
            }
            for (ProcessRecord p : processes) {
                lines.add(RecordCodec.encode(p));
            }
            writer.append(wallMillis, lines);
        };
    }
}
