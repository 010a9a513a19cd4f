package io.mcpmonitor.core.report;

import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.GroupBy;
import io.mcpmonitor.core.query.MetricPoint;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.store.ResultSizes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool ranked by what its results cost the calling assistants' context: the bytes of all its results over the
 * range (the {@code result_size_total} of {@code get_metrics}), with their p95 and maximum, an estimate in tokens
 * ({@link ResultSizes#estimatedTokens}) and the change of the total against the previous period of equal length.
 *
 * @param totalBytes         bytes of every result of the range
 * @param previousTotalBytes the same over the previous period; -1 when the tool had no measured result then
 * @param changePercent      change of the total against the previous period, NaN without one
 */
public record ContextCost(int rank, String server, String tool, long totalBytes, double p95Bytes, long maxBytes,
                          long estimatedTokens, long previousTotalBytes, double changePercent) {

    /** Tools listed. */
    static final int TOP = 10;

    /** The tools of {@code request}'s range with measured results, most bytes first (ties by name). */
    static List<ContextCost> rank(MetricsQueries queries, ReportRequest request) {
        Map<String, MetricPoint> total = points(queries, request.server(), request.start(), request.end(),
                Aggregation.RESULT_SIZE_TOTAL);
        if (total.isEmpty()) {
            return List.of();
        }
        Map<String, MetricPoint> p95 = points(queries, request.server(), request.start(), request.end(),
                Aggregation.RESULT_SIZE_P95);
        Map<String, MetricPoint> max = points(queries, request.server(), request.start(), request.end(),
                Aggregation.RESULT_SIZE_MAX);
        Duration len = Duration.between(request.start(), request.end());
        Map<String, MetricPoint> before = points(queries, request.server(), request.start().minus(len), request.start(),
                Aggregation.RESULT_SIZE_TOTAL);
        List<MetricPoint> ranked = new ArrayList<>(total.values());
        ranked.sort(Comparator.comparingDouble(MetricPoint::value).reversed()
                .thenComparing(MetricPoint::server).thenComparing(MetricPoint::tool));
        List<ContextCost> out = new ArrayList<>();
        for (MetricPoint p : ranked.subList(0, Math.min(TOP, ranked.size()))) {
            String k = key(p);
            long bytes = (long) p.value();
            MetricPoint b = before.get(k);
            long prev = b == null ? -1 : (long) b.value();
            double change = prev <= 0 ? Double.NaN : Math.round(1000.0 * (bytes - prev) / prev) / 10.0;
            out.add(new ContextCost(out.size() + 1, p.server(), p.tool(), bytes, p95.get(k).value(),
                    (long) max.get(k).value(), ResultSizes.estimatedTokens(bytes), prev, change));
        }
        return out;
    }

    private static Map<String, MetricPoint> points(MetricsQueries queries, String server, Instant from, Instant to,
                                                   Aggregation a) {
        Map<String, MetricPoint> out = new HashMap<>();
        for (MetricPoint p : queries.runWithoutRefresh(new MetricsQuery(server, null, from, to, a, GroupBy.NONE)).points()) {
            if (!Double.isNaN(p.value())) {
                out.put(key(p), p);
            }
        }
        return out;
    }

    private static String key(MetricPoint p) {
        return p.server() + '\u0000' + p.tool();
    }
}
