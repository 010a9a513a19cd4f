package io.mcpmonitor.core.record;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.HistogramFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The live state of one series (server, tool): one HdrHistogram {@link Recorder} per outcome, so
 * counts and durations of an interval always agree, plus the bounded error summary.
 *
 * <p>Recording is wait-free and allocation-free once the outcome's recorder exists (the success
 * recorder exists from the start; an error outcome's is made on its first occurrence). Safe for
 * any number of recording threads; {@link #drainInterval} must be called from one thread at a time.
 */
final class SeriesRecorder {

    private final String server;
    private final String tool;
    private final AtomicReferenceArray<Recorder> byOutcome =
            new AtomicReferenceArray<>(Outcome.count());
    private final ErrorSummary errors = new ErrorSummary();
    // Reused across drains by the single flushing thread; see Recorder#getIntervalHistogram(Histogram).
    private final Histogram[] recycled = new Histogram[Outcome.count()];

    SeriesRecorder(String server, String tool) {
        this.server = server;
        this.tool = tool;
        byOutcome.set(Outcome.SUCCESS.ordinal(), HistogramFormat.newRecorder());
    }

    String server() {
        return server;
    }

    String tool() {
        return tool;
    }

    /** Hot path. {@code durationNanos} must be >= 0 (the caller drops negatives). */
    void record(long durationNanos, Outcome outcome) {
        Recorder r = byOutcome.get(outcome.ordinal());
        if (r == null) {
            r = recorderFor(outcome);
        }
        r.recordValue(HistogramFormat.clamp(durationNanos));
    }

    void recordError(long durationNanos, Outcome outcome, String errorType, String message) {
        record(durationNanos, outcome);
        errors.add(outcome, errorType, message);
    }

    private Recorder recorderFor(Outcome outcome) {
        Recorder fresh = HistogramFormat.newRecorder();
        return byOutcome.compareAndSet(outcome.ordinal(), null, fresh) ? fresh : byOutcome.get(outcome.ordinal());
    }

    /**
     * Takes everything recorded since the last drain into {@code merged} (which is reset first) and
     * {@code countsByOutcome} (indexed by {@link Outcome#ordinal()}), and returns the error summary.
     *
     * @return the number of calls drained
     */
    long drainInterval(Histogram merged, long[] countsByOutcome, List<ErrorCount> errorsOut) {
        merged.reset();
        long total = 0;
        for (int i = 0; i < recycled.length; i++) {
            Recorder r = byOutcome.get(i);
            if (r == null) {
                countsByOutcome[i] = 0;
                continue;
            }
            Histogram interval = r.getIntervalHistogram(recycled[i]);
            recycled[i] = interval;
            long n = interval.getTotalCount();
            countsByOutcome[i] = n;
            if (n > 0) {
                merged.add(interval);
                total += n;
            }
        }
        errorsOut.addAll(errors.drain());
        return total;
    }
}
