package io.mcpmonitor.benchmarks.store;

import io.mcpmonitor.core.store.StoreReader;

/**
 * A benchmark over one refreshed reader of the day-old busy store, at the store's "now": the reader is
 * opened when JMH creates the benchmark's state, before its own {@code @Setup}. Benchmarks that time or
 * weigh the opening of the reader itself extend {@link BusyStoreBenchmark} and open their own.
 */
public abstract class BusyReaderBenchmark extends BusyStoreBenchmark {

    /** Every file of the day-old store read once. */
    protected final StoreReader reader = dayOldReader();
    /** The end of the store's data ({@link BusyStore#NOW}), in epoch milliseconds. */
    protected final long now = BusyStore.NOW.toEpochMilli();
}
