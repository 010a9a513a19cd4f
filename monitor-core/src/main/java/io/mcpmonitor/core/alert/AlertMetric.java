package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/**
 * What a rule watches. {@link #RESPONSE_TIME} in milliseconds (with a {@link Statistic}),
 * {@link #ERROR_RATE} in percent of calls that did not succeed, {@link #CPU} in percent of the
 * machine used by the server's process, {@link #MEMORY} in percent of its maximum heap, and
 * {@link #NO_DATA}: minutes since a server that was active last reported; {@link #RESULT_SIZE} in bytes of
 * a tool's results (with a {@link Statistic}): what its answers cost the calling assistant's context.
 */
public enum AlertMetric implements WireNamed {
    RESPONSE_TIME("ms"),
    ERROR_RATE("%"),
    CPU("%"),
    MEMORY("%"),
    NO_DATA("min"),
    RESULT_SIZE("bytes");

    private final String unit;

    AlertMetric(String unit) {
        this.unit = unit;
    }

    public String unit() {
        return unit;
    }

    /** Whether a rule of the metric compares a {@link Statistic} of a distribution. */
    public boolean hasStatistic() {
        return this == RESPONSE_TIME || this == RESULT_SIZE;
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
