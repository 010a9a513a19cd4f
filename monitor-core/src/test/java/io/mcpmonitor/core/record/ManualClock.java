package io.mcpmonitor.core.record;

import io.mcpmonitor.testkit.ManualTime;
import java.time.Instant;

/** A clock tests move by hand: the test kit's manual time as a {@link Clock}. */
public final class ManualClock extends ManualTime implements Clock {

    public ManualClock(Instant start) {
        super(start);
    }
}
