package io.mcpmonitor.core.query;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/**
 * What value a metric point carries. Durations are milliseconds, {@link #ERROR_RATE} is a percentage
 * (0..100) of calls that did not succeed, {@link #THROUGHPUT} is calls per minute.
 */
public enum Aggregation implements WireNamed {
    AVG("avg"), P50("p50"), P90("p90"), P95("p95"), P99("p99"), P999("p999"),
    MIN("min"), MAX("max"), COUNT("count"), ERROR_RATE("error_rate"), THROUGHPUT("throughput");

    private final String wireName;

    Aggregation(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

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

    /** @throws IllegalArgumentException naming the value and the accepted ones */
    public static Aggregation fromWireName(String name) {
        return WireNames.parse(Aggregation.class, name,
                (v, names) -> "aggregation: unknown value '" + v + "'; expected one of " + names);
    }
}
