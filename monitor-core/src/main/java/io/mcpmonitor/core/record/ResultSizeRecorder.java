package io.mcpmonitor.core.record;

import io.mcpmonitor.core.store.HistogramFormat;
import io.mcpmonitor.core.store.ResultSizes;
import io.mcpmonitor.core.store.SparseHistogram;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The result sizes (bytes) of one series between two drains: an HdrHistogram {@link Recorder} (1 % precision)
 * plus the exact total and maximum.
 *
 * <p>{@link #record} is lock-free and allocation-free, from any number of threads; {@link #drain} from one
 * thread at a time. A size recorded while a drain runs may have its histogram entry in one drain and its
 * total in the next; over any two drains together nothing is lost or counted twice.
 */
final class ResultSizeRecorder {

    private final Recorder histogram = HistogramFormat.newRecorder();
    private final LongAdder total = new LongAdder();
    private final AtomicLong max = new AtomicLong();
    // Reused by the single draining thread.
    private Histogram recycled;

    void record(long bytes) {
        histogram.recordValue(HistogramFormat.clamp(bytes));
        total.add(bytes);
        long m = max.get();
        while (bytes > m && !max.compareAndSet(m, bytes)) {
            m = max.get();
        }
    }

    ResultSizes drain() {
        Histogram interval = histogram.getIntervalHistogram(recycled);
        recycled = interval;
        long sum = total.sumThenReset();
        long m = max.getAndSet(0);
        if (interval.getTotalCount() == 0 && sum == 0) {
            return ResultSizes.EMPTY;
        }
        return new ResultSizes(SparseHistogram.of(interval), sum, m);
    }
}
