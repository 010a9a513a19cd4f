package io.mcpmonitor.core.store;

import java.time.Duration;

/**
 * How long each resolution is kept, and how long after a bucket ends the compactor waits for
 * late flushes before rolling it up. Defaults: minutes 24 h, hours 30 days, days 1 year, grace 2 min.
 */
public record Retention(Duration minuteData, Duration hourRollups, Duration dayRollups, Duration grace) {

    public static final Retention DEFAULT = new Retention(Duration.ofHours(24), Duration.ofDays(30),
            Duration.ofDays(365), Duration.ofMinutes(2));

    public Retention {
        check("minuteData", minuteData, Duration.ofHours(1));
        check("hourRollups", hourRollups, Duration.ofDays(1));
        check("dayRollups", dayRollups, Duration.ofDays(1));
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0, was " + grace);
        }
    }

    private static void check(String field, Duration d, Duration min) {
        if (d == null || d.compareTo(min) < 0) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", was " + d);
        }
    }
}
