package io.mcpmonitor.core.query;

import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/**
 * How points are bucketed: one point per series over the whole range, per minute, hour, day (UTC), or
 * per calling client of each series over the whole range ({@link #CLIENT}), or per MCP method over the whole
 * range, every series of the method merged ({@link #METHOD}).
 */
public enum GroupBy implements WireNamed {
    NONE, MINUTE, HOUR, DAY, CLIENT, METHOD;

    /** The bucket resolution, or null for {@link #NONE}, {@link #CLIENT} and {@link #METHOD}. */
    Resolution resolution() {
        return switch (this) {
            case MINUTE -> Resolution.MINUTE;
            case HOUR -> Resolution.HOUR;
            case DAY -> Resolution.DAY;
            case NONE, CLIENT, METHOD -> null;
        };
    }

    /** @throws IllegalArgumentException naming the value and the accepted ones */
    public static GroupBy fromWireName(String name) {
        return WireNames.parse(GroupBy.class, name,
                (v, names) -> "groupBy: unknown value '" + v + "'; expected minute, hour, day, client, method or none");
    }
}
