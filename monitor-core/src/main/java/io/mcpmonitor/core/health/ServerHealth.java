package io.mcpmonitor.core.health;

import java.util.List;

/**
 * One server on the dashboard, over the dashboard window: its health score (0..100) and status,
 * its calls, mean and p95 response time in milliseconds (p95 read from the merge of its tools'
 * histograms) and error rate in percent of calls — each NaN (no data) without calls — open alerts, when it last reported (epoch
 * millis), and the readable reasons its score lost points, largest first. Immutable.
 */
public record ServerHealth(String server, int healthScore, HealthStatus status, long calls, double avgResponseTime,
                           double p95ResponseTime, double errorRate, int activeAlerts, long lastSeenMillis,
                           List<String> reasons) {

    public ServerHealth {
        reasons = List.copyOf(reasons);
    }
}
