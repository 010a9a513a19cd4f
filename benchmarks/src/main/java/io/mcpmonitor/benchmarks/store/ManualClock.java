package io.mcpmonitor.benchmarks.store;

import io.mcpmonitor.core.record.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that moves only when told, so a benchmark can write a day of store data in a
 * few minutes of real time. Wall time and monotonic time move together: setting the wall time
 * forward by {@code n} ms moves the monotonic time by {@code n} ms too.
 *
 * <p>Thread-safe (atomics); meant for one generating thread.
 */
public final class ManualClock implements Clock {

    private final AtomicLong wallMillis;
    private final AtomicLong monotonicNanos = new AtomicLong();

    public ManualClock(long startWallMillis) {
        this.wallMillis = new AtomicLong(startWallMillis);
    }

    /** Sets the wall time; it must not go backwards (the monotonic time follows it). */
    public void setWallMillis(long newWallMillis) {
        long old = wallMillis.getAndSet(newWallMillis);
        if (newWallMillis < old) {
            throw new IllegalArgumentException("wall time may not go back: " + newWallMillis + " < " + old);
        }
        monotonicNanos.addAndGet((newWallMillis - old) * 1_000_000L);
    }

    @Override
    public long wallMillis() {
        return wallMillis.get();
    }

    @Override
    public long monotonicNanos() {
        return monotonicNanos.get();
    }
}
