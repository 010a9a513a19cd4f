package io.mcpmonitor.core.query;

import java.time.Instant;
import java.util.List;

/**
 * The answer to a {@link MetricsQuery}: the points (series by time), the summary and the trend.
 * {@code dataSince} is when the oldest data of the series matching the query's filters begins, at
 * any time, or null when there is none: with it an answer can tell "no calls" from "not monitored yet".
 */
public record MetricsResult(MetricsQuery query, List<MetricPoint> points, Summary summary, Trend trend, Instant dataSince) {

    public MetricsResult {
        points = List.copyOf(points);
    }
}
