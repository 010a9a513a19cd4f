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
    NONE("none", null), MINUTE("minute", Resolution.MINUTE), HOUR("hour", Resolution.HOUR), DAY("day", Resolution.DAY),
    CLIENT("client", null), METHOD("method", null);

    private final String wireName;
    private final Resolution resolution;

    GroupBy(String wireName, Resolution resolution) {
        this.wireName = wireName;
        this.resolution = resolution;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The bucket resolution, or null for {@link #NONE}. */
    Resolution resolution() {
        return resolution;
    }

    /** @throws IllegalArgumentException naming the value and the accepted ones */
    public static GroupBy fromWireName(String name) {
        return WireNames.parse(GroupBy.class, name,
                (v, names) -> "groupBy: unknown value '" + v + "'; expected minute, hour, day, client, method or none");
    }
}
