package io.mcpmonitor.core.health;

import java.util.List;

/**
 * What {@code get_performance_dashboard} answers: per server health over the window
 * {@code [fromMillis, toMillis)} (epoch millis, minute-aligned, the minute in progress included),
 * least healthy first, with totals and the system's health. Immutable.
 */
public record Dashboard(long generatedAtMillis, long fromMillis, long toMillis, List<ServerHealth> servers,
                        DashboardTotals totals, SystemHealth systemHealth) {

    public Dashboard {
        servers = List.copyOf(servers);
    }
}
