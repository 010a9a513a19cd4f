package io.mcpmonitor.core.record;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.HistogramFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * The live state of one series (server, tool): per outcome a histogram of durations, the exact sum
 * of all durations (nanoseconds), and the bounded error summary.
 *
 * <p>Histograms and sum live in one double-buffered interval swapped under a
 * {@link WriterReaderPhaser} (the scheme of HdrHistogram's {@code Recorder}, kept here so the sum
 * swaps with the histograms): a call's duration lands in the histogram and in the sum of the same
 * interval, so the counts, histogram and sum of a drained interval always agree.
 *
 * <p>Recording is wait-free and allocation-free once the outcome's histograms exist (the success
 * histograms exist from the start; an error outcome's are made on its first occurrence in each
 * buffer). Safe for any number of recording threads; {@link #drainInterval} must be called from one
 * thread at a time.
 */
final class SeriesRecorder {

    /** One buffer: a histogram per outcome (made on first use) and the sum of everything recorded. */
    private static final class Interval {
        final AtomicReferenceArray<AtomicHistogram> byOutcome = new AtomicReferenceArray<>(Outcome.count());
        final AtomicLong sumNanos = new AtomicLong();

        Interval() {
            byOutcome.set(Outcome.SUCCESS.ordinal(), HistogramFormat.newAtomicHistogram());
        }

        AtomicHistogram histogram(int outcome) {
            AtomicHistogram h = byOutcome.get(outcome);
            if (h == null) {
                AtomicHistogram fresh = HistogramFormat.newAtomicHistogram();
                h = byOutcome.compareAndSet(outcome, null, fresh) ? fresh : byOutcome.get(outcome);
            }
            return h;
        }

        /** Called only while no writer can reach this buffer. */
        void reset() {
            for (int i = 0; i < byOutcome.length(); i++) {
                AtomicHistogram h = byOutcome.get(i);
                if (h != null) {
                    h.reset();
                }
            }
            sumNanos.set(0);
        }
    }

    private final String server;
    private final String tool;
    private final String method;
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Interval active = new Interval();
    private Interval inactive = new Interval(); // touched only by the draining thread, under the reader lock
    private final ErrorSummary errors = new ErrorSummary();
    private final ClientCounts clients = new ClientCounts();
    // Made on the first measured result: most series of hand-recorded calls never have one.
    private volatile ResultSizeRecorder resultSizes;

    SeriesRecorder(String server, String tool) {
        this(server, tool, io.mcpmonitor.core.call.McpMethod.TOOLS_CALL);
    }

    /** A series of another MCP method: {@code tool} is then the method's name of the series. */
    SeriesRecorder(String server, String tool, String method) {
        this.server = server;
        this.tool = tool;
        this.method = method;
    }

    String method() {
        return method;
    }

    String server() {
        return server;
    }

    String tool() {
        return tool;
    }

    /** Hot path. {@code durationNanos} must be >= 0 (the caller drops negatives). */
    void record(long durationNanos, Outcome outcome) {
        long value = HistogramFormat.clamp(durationNanos);
        long token = phaser.writerCriticalSectionEnter();
        try {
            Interval i = active;
            i.histogram(outcome.ordinal()).recordValue(value);
            i.sumNanos.addAndGet(value);
        } finally {
            phaser.writerCriticalSectionExit(token);
        }
    }

    /**
     * Counts the call's client (not null), and whether the call failed, besides {@link #record}; the caller records
     * the call itself.
     */
    void countClient(String client, boolean failed) {
        clients.add(client, failed);
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
    ClientCounts.Drained drainClients() {
        return clients.drain();
    }

    void recordError(long durationNanos, Outcome outcome, String errorType, String message) {
        record(durationNanos, outcome);
        errors.add(outcome, errorType, message);
    }

    /**
     * Takes everything recorded since the last drain into {@code merged} (which is reset first) and
     * {@code countsByOutcome} (indexed by {@link Outcome#ordinal()}), adds the error summary to
     * {@code errorsOut}, and returns the exact sum of the drained durations in nanoseconds
     * ({@code 0} when nothing was recorded; the call count is {@code merged.getTotalCount()}).
     */
    long drainInterval(Histogram merged, long[] countsByOutcome, List<ErrorCount> errorsOut) {
        merged.reset();
        Interval taken;
        phaser.readerLock();
        try {
            inactive.reset();
            taken = active;
            active = inactive;
            phaser.flipPhase(); // returns once every writer that could see 'taken' has left it
            inactive = taken;
        } finally {
            phaser.readerUnlock();
        }
        for (int i = 0; i < countsByOutcome.length; i++) {
            AtomicHistogram h = taken.byOutcome.get(i);
            long n = h == null ? 0 : h.getTotalCount();
            countsByOutcome[i] = n;
            if (n > 0) {
                merged.add(h);
            }
        }
        errorsOut.addAll(errors.drain());
        return taken.sumNanos.get();
    }
}
