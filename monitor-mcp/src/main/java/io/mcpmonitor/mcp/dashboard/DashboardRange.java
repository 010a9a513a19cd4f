package io.mcpmonitor.mcp.dashboard;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;
import java.time.Duration;

/**
 * The time ranges of the dashboard's picker and the step of their charts: about 15 to 170 points a
 * chart, so a week is as readable as a quarter of an hour. Steps of an hour read hourly rollups, so
 * ranges past the 24 h of minute data still have points. Immutable.
 */
enum DashboardRange implements WireNamed {
    M15("15m", Duration.ofMinutes(15), Duration.ofMinutes(1)),
    H1("1h", Duration.ofHours(1), Duration.ofMinutes(1)),
    H6("6h", Duration.ofHours(6), Duration.ofMinutes(5)),
    H24("24h", Duration.ofHours(24), Duration.ofMinutes(15)),
    D7("7d", Duration.ofDays(7), Duration.ofHours(1));

    private final String wireName;
    final Duration length;
    final Duration step;

    DashboardRange(String wireName, Duration length, Duration step) {
        this.wireName = wireName;
        this.length = length;
        this.step = step;
    }

    /** The name of the picker's choice: {@code 15m}, {@code 1h}, {@code 6h}, {@code 24h}, {@code 7d}. */
    @Override
    public String wireName() {
        return wireName;
    }

    /** The range named {@code s}; the last hour when absent. */
    static DashboardRange parse(String s) {
        if (s == null || s.isBlank()) {
            return H1;
        }
        return WireNames.parseLenient(DashboardRange.class, s,
                (v, names) -> "range: must be one of 15m, 1h, 6h, 24h, 7d, was '" + v + "'");
    }

    /** The end of the charts for {@code nowMillis}: the end of the step in progress. */
    long end(long nowMillis) {
        long step = this.step.toMillis();
        return nowMillis - Math.floorMod(nowMillis, step) + step;
    }

    long start(long nowMillis) {
        return end(nowMillis) - length.toMillis();
    }
}
