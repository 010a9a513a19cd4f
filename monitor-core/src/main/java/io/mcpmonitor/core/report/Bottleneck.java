package io.mcpmonitor.core.report;

/**
 * A tool ranked by {@link Bottlenecks}: slow in the tail and called often.
 *
 * @param p95ResponseTime the tool's p95 over the range, ms
 * @param impactSeconds   {@code p95ResponseTime × calls / 1000}: the time its calls would take if each ran as slow as its p95
 * @param sharePercent    this tool's share of the impact of every tool in the report, 0..100
 */
public record Bottleneck(int rank, String server, String tool, long calls, double p95ResponseTime, double impactSeconds,
                         double sharePercent) {
}
