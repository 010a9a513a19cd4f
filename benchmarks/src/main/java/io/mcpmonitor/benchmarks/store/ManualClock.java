package io.mcpmonitor.benchmarks.store;

import io.mcpmonitor.core.record.Clock;
import io.mcpmonitor.testkit.ManualTime;

/**
 * A {@link Clock} that moves only when told ({@link #setWallMillis}), so a benchmark can write a day of store
 * data in a few minutes of real time. Wall time and monotonic time move together. Thread-safe.
 */
public final class ManualClock extends ManualTime implements Clock {

    public ManualClock(long startWallMillis) {
        super(startWallMillis);
    }
}
