package io.mcpmonitor.core.record;

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
            new AtomicReferenceArray<>(Outcome.all().length);
    private final ErrorSummary errors = new ErrorSummary();
    private final ClientCounts clients = new ClientCounts();
    // Made on the first measured result: most series of hand-recorded calls never have one.
    private volatile ResultSizeRecorder resultSizes;
    // Reused across drains by the single flushing thread; see Recorder#getIntervalHistogram(Histogram).
    private final Histogram[] recycled = new Histogram[Outcome.all().length];

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

    /** Counts the call's client (not null), besides {@link #record}; the caller records the call itself. */
    void countClient(String client) {
        clients.add(client);
    }

    /** Records the size of one call's result, in bytes (>= 0). Lock-free once the recorder exists. */
    void recordResultSize(long bytes) {
        ResultSizeRecorder r = resultSizes;
        if (r == null) {
            synchronized (this) {
                r = resultSizes;
                if (r == null) {
                    r = new ResultSizeRecorder();
                    resultSizes = r;
                }
            }
        }
        r.record(bytes);
    }

    /** Result sizes since the last drain. Flushing thread only. */
    io.mcpmonitor.core.store.ResultSizes drainResultSizes() {
        ResultSizeRecorder r = resultSizes;
        return r == null ? io.mcpmonitor.core.store.ResultSizes.EMPTY : r.drain();
    }

    /** Calls by client since the last drain (see {@link ClientCounts#drain}). Flushing thread only. */
    java.util.Map<String, Long> drainClients() {
        return clients.drain();
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
