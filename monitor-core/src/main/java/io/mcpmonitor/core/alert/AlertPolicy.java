package io.mcpmonitor.core.alert;

import java.time.Duration;

/**
 * The fatigue and lifecycle settings. Defaults: escalate a critical alert not acknowledged
 * within 1 h; remind about an unacknowledged alert every hour; fold a repeat within 1 h into the
 * existing alert; at most 5 notifications per server per hour (critical ones always go, the rest
 * wait in a digest); resolve an alert nobody re-confirmed for 24 h; keep resolved alerts 30 days.
 */
public record AlertPolicy(Duration escalateAfter, Duration repeatInterval, Duration foldWithin, int notificationsPerServerPerHour,
                          Duration staleAfter, Duration keepResolved) {

    public static final AlertPolicy DEFAULT = new AlertPolicy(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), 5,
            Duration.ofHours(24), Duration.ofDays(30));

    public AlertPolicy {
        if (notificationsPerServerPerHour < 1) {
            throw new IllegalArgumentException("notificationsPerServerPerHour: must be >= 1, was " + notificationsPerServerPerHour);
        }
    }
}
