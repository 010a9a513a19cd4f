package io.mcpmonitor.core.health;

/**
 * Totals over every server on the dashboard: servers per status, calls, mean and p95 response time in
 * milliseconds (read from the merge of every series' histograms, never averaged), error rate in
 * percent (each NaN, no data, without calls), and open alerts (all, and per severity). Immutable.
 */
public record DashboardTotals(int servers, int healthy, int degraded, int critical, long calls, double avgResponseTime,
                              double p95ResponseTime, double errorRate, int activeAlerts, int criticalAlerts,
                              int warningAlerts) {
}
