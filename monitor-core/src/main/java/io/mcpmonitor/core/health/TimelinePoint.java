package io.mcpmonitor.core.health;

/**
 * One minute of a server (or of all servers) for the dashboard's charts: calls, p50/p95/p99 response
 * time in milliseconds read from the minute's merged histogram, and the error rate in percent (each
 * NaN, no data, without calls). {@code minuteMillis} is the minute's start (epoch millis). Immutable.
 */
public record TimelinePoint(long minuteMillis, long calls, double p50, double p95, double p99, double errorRate) {
}
