package io.mcpmonitor.benchmarks.store;

import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the benchmarks over the day-old store of 300 busy series ({@link BusyStore#dayOld()}) share: JMH's
 * settings (average time in ms, 3 warm-up and 5 measured iterations of 2 s, one fork with a 6 GB heap, which
 * the store's index needs) and the reader they start from. JMH's annotations are inherited; a subclass
 * overrides one by declaring its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public abstract class BusyStoreBenchmark {

    /** A reader over the day-old busy store (built on first use), refreshed: every file read once. */
    protected static StoreReader dayOldReader() {
        StoreReader reader = new StoreReader(Store.at(BusyStore.dayOld()));
        reader.refresh();
        return reader;
    }

    /** The heap in use now, for the setup's report of what a structure costs (after a {@code System.gc()}). */
    protected static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
