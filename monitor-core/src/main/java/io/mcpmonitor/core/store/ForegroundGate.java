package io.mcpmonitor.core.store;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Tells the background work of a process (compaction, the minute load, alert evaluation, the
 * detectors' background pass) that a client is waiting for an answer, so that work steps aside
 * between its units: on two cores a background unit running beside a question doubles that
 * question's wait.
 *
 * <p>Waits are bounded: background work yields at most {@link #MAX_YIELD_MILLIS} per unit, so a
 * steady stream of questions slows it down but never stops it (alerts still fire, the store is
 * still compacted).
 *
 * <p>Thread-safe; entering and leaving allocate one small object and never block.
 */
final class ForegroundGate {

    /** Longest a background unit waits for the questions in progress before it runs anyway. */
    static final long MAX_YIELD_MILLIS = 2_000L;
    private static final long POLL_MILLIS = 10L;

    private final AtomicInteger inProgress = new AtomicInteger();
    private final LongSupplier nanos;
    /** {@link System#nanoTime()} when the last question ended (or when the gate was made). */
    private volatile long lastEndNanos;

    ForegroundGate(LongSupplier nanos) {
        this.nanos = nanos;
        this.lastEndNanos = nanos.getAsLong();
    }

    StoreReader.Foreground enter() {
        inProgress.incrementAndGet();
        return new StoreReader.Foreground() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    lastEndNanos = nanos.getAsLong();
                    inProgress.decrementAndGet();
                }
            }
        };
    }

    int inProgress() {
        return inProgress.get();
    }

    /** Waits while a question is in progress, at most {@link #MAX_YIELD_MILLIS}. */
    void yieldToForeground() {
        long deadline = nanos.getAsLong() + MAX_YIELD_MILLIS * 1_000_000L;
        while (inProgress.get() > 0 && nanos.getAsLong() - deadline < 0) {
            if (!sleep()) {
                return;
            }
        }
    }

    /**
     * Waits until no question has been in progress for {@code quietMillis}, at most {@code atMostMillis};
     * returns whether that quiet came (false: the wait ran out, or the thread was interrupted).
     */
    boolean awaitQuiet(long quietMillis, long atMostMillis) {
        long deadline = nanos.getAsLong() + atMostMillis * 1_000_000L;
        while (true) {
            long now = nanos.getAsLong();
            if (inProgress.get() == 0 && now - lastEndNanos >= quietMillis * 1_000_000L) {
                return true;
            }
            if (now - deadline >= 0 || !sleep()) {
                return false;
            }
        }
    }

    private static boolean sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
