package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/** Which statistic of the response times in the window a {@code response_time} rule compares. */
public enum Statistic implements WireNamed {
    P50("p50", 50), P95("p95", 95), P99("p99", 99), AVG("avg", -1), MAX("max", -1);

    private final String wireName;
    private final double percentile;

    Statistic(String wireName, double percentile) {
        this.wireName = wireName;
        this.percentile = percentile;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The percentile read, or -1 for avg and max. */
    double percentile() {
        return percentile;
    }

    public static Statistic fromWireName(String s) {
        return WireNames.parse(Statistic.class, s,
                (v, names) -> "statistic: unknown value '" + v + "'; expected p50, p95, p99, avg or max");
    }
}
