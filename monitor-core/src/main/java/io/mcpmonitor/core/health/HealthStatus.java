package io.mcpmonitor.core.health;

import io.mcpmonitor.core.wire.WireNamed;

/**
 * The status of a server (or of the whole system) on the dashboard, read from its health score:
 * {@code healthy} from {@value #HEALTHY_FROM} to 100, {@code degraded} from {@value #DEGRADED_FROM}
 * to {@value #HEALTHY_FROM} exclusive, {@code critical} below {@value #DEGRADED_FROM}
 * (docs/DASHBOARD.md).
 */
public enum HealthStatus implements WireNamed {
    HEALTHY, DEGRADED, CRITICAL;

    /** The lowest score that is still healthy. */
    public static final int HEALTHY_FROM = 80;
    /** The lowest score that is degraded rather than critical. */
    public static final int DEGRADED_FROM = 50;

    /** The status of a health score (0..100). */
    public static HealthStatus ofScore(int score) {
        if (score >= HEALTHY_FROM) {
            return HEALTHY;
        }
        return score >= DEGRADED_FROM ? DEGRADED : CRITICAL;
    }
}
