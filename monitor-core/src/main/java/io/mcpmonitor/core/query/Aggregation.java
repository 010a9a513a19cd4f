package io.mcpmonitor.core.query;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/**
 * What value a metric point carries. Durations are milliseconds, {@link #ERROR_RATE} is a percentage
 * (0..100) of calls that did not succeed, {@link #THROUGHPUT} is calls per minute. The {@code result_size_*}
 * aggregations read the sizes of the calls' results in bytes: percentiles (1 %, never above the exact maximum),
 * the exact maximum and the exact total.
 */
public enum Aggregation implements WireNamed {
    AVG, P50, P90, P95, P99, P999, MIN, MAX, COUNT, ERROR_RATE, THROUGHPUT,
    RESULT_SIZE_P50, RESULT_SIZE_P95, RESULT_SIZE_MAX, RESULT_SIZE_TOTAL;

    /** The percentile (0..100) this aggregation reads, or -1. */
    double percentile() {
        return switch (this) {
            case P50 -> 50;
            case P90 -> 90;
            case P95 -> 95;
            case P99 -> 99;
            case P999 -> 99.9;
            default -> -1;
        };
    }

    /** Whether the value is a result size in bytes rather than a duration, rate or count. */
    public boolean isResultSize() {
        return this == RESULT_SIZE_P50 || this == RESULT_SIZE_P95 || this == RESULT_SIZE_MAX || this == RESULT_SIZE_TOTAL;
    }

    /** @throws IllegalArgumentException naming the value and the accepted ones */
    public static Aggregation fromWireName(String name) {
        return WireNames.parse(Aggregation.class, name,
                (v, names) -> "aggregation: unknown value '" + v + "'; expected one of " + names);
    }
}
