package io.mcpmonitor.core.store;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/** The time resolutions the store keeps, each with its bucket length. Buckets align to UTC. */
public enum Resolution implements WireNamed {
    MINUTE(60_000L),
    HOUR(3_600_000L),
    DAY(86_400_000L);

    private final long millis;

    Resolution(long millis) {
        this.millis = millis;
    }

    /** Length of one bucket in milliseconds. */
    public long millis() {
        return millis;
    }

    /** Start of the bucket containing {@code epochMillis}. */
    public long floor(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    public static Resolution fromWireName(String name) {
        return WireNames.parse(Resolution.class, name,
                (v, names) -> "unknown resolution '" + v + "'; expected minute, hour or day");
    }
}
