package io.mcpmonitor.core.query;

import java.time.Instant;

/** One value of one series in one time bucket ({@code timestamp} is the bucket's start). */
public record MetricPoint(Instant timestamp, String server, String tool, double value, long count) {
}
