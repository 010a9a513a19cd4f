package io.mcpmonitor.core.record;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. Wall and monotonic time advance together. */
public final class ManualClock implements Clock {

    private final AtomicLong wall;
    private final AtomicLong mono = new AtomicLong(1_000_000_000L);

    public ManualClock(Instant start) {
        this.wall = new AtomicLong(start.toEpochMilli());
    }

    @Override
    public long wallMillis() {
        return wall.get();
    }

    @Override
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
}
