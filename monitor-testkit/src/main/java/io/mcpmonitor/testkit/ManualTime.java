package io.mcpmonitor.testkit;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time that moves only when a test (or a benchmark writing a day of data in minutes) moves it. Wall time and
 * monotonic time advance together. It has the two methods of monitor-core's {@code Clock}, so a module's
 * tests get that clock from a one-line subclass ({@code class ManualClock extends ManualTime implements
 * Clock}) while this module depends on nothing. Thread-safe (atomics).
 */
public class ManualTime {

    private final AtomicLong wall;
    private final AtomicLong mono = new AtomicLong(1_000_000_000L);

    public ManualTime(Instant start) {
        this(start.toEpochMilli());
    }

    public ManualTime(long startWallMillis) {
        this.wall = new AtomicLong(startWallMillis);
    }

    /** Milliseconds since the epoch. */
    public long wallMillis() {
        return wall.get();
    }

    /** Nanoseconds from an arbitrary origin; never goes back. */
    public long monotonicNanos() {
        return mono.get();
    }

    public void advanceMillis(long millis) {
        wall.addAndGet(millis);
        mono.addAndGet(millis * 1_000_000L);
    }

    public void advanceNanos(long nanos) {
        mono.addAndGet(nanos);
        wall.set(wall.get() + nanos / 1_000_000L);
    }

    /** Sets the wall time, which may not go back; the monotonic time moves by the same amount. */
    public void setWallMillis(long newWallMillis) {
        long old = wall.getAndSet(newWallMillis);
        if (newWallMillis < old) {
            wall.set(old);
            throw new IllegalArgumentException("wall time may not go back: " + newWallMillis + " < " + old);
        }
        mono.addAndGet((newWallMillis - old) * 1_000_000L);
    }
}
