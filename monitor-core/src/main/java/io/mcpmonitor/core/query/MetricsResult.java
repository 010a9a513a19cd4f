package io.mcpmonitor.core.query;

import java.util.List;

/** The answer to a {@link MetricsQuery}: the points (series by time), the summary and the trend. */
public record MetricsResult(MetricsQuery query, List<MetricPoint> points, Summary summary, Trend trend) {

    public MetricsResult {
        points = List.copyOf(points);
    }
}
