package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/**
 * What a rule watches. {@link #RESPONSE_TIME} in milliseconds (with a {@link Statistic}),
 * {@link #ERROR_RATE} in percent of calls that did not succeed, {@link #CPU} in percent of the
 * machine used by the server's process, {@link #MEMORY} in percent of its maximum heap, and
 * {@link #NO_DATA}: minutes since a server that was active last reported.
 */
public enum AlertMetric implements WireNamed {
    RESPONSE_TIME("response_time", "ms"),
    ERROR_RATE("error_rate", "%"),
    CPU("cpu", "%"),
    MEMORY("memory", "%"),
    NO_DATA("no_data", "min");

    private final String wireName;
    private final String unit;

    AlertMetric(String wireName, String unit) {
        this.wireName = wireName;
        this.unit = unit;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public String unit() {
        return unit;
    }

    /** Whether the metric belongs to a process (server) rather than to one tool. */
    public boolean perServer() {
        return this == CPU || this == MEMORY || this == NO_DATA;
    }

    public static AlertMetric fromWireName(String s) {
        return WireNames.parse(AlertMetric.class, s,
                (v, names) -> "metric: unknown value '" + v + "'; expected one of " + names);
    }
}
