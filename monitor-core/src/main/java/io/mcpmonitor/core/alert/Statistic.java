package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/** Which statistic of the response times in the window a {@code response_time} rule compares. */
public enum Statistic implements WireNamed {
    P50, P95, P99, AVG, MAX;

    /** The percentile read, or -1 for avg and max. */
    double percentile() {
        return switch (this) {
            case P50 -> 50;
            case P95 -> 95;
            case P99 -> 99;
            case AVG, MAX -> -1;
        };
    }

    public static Statistic fromWireName(String s) {
        return WireNames.parse(Statistic.class, s, WireNames.unknownValue("statistic"));
    }
}
