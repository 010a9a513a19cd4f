package io.mcpmonitor.core.report;

import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.GroupBy;
import io.mcpmonitor.core.query.MetricPoint;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The time charts of a report, from grouped {@code get_metrics} queries: p50/p95/p99 of the top
 * bottlenecks, error rate and volume per server, and the error rate of the most failing tools. The
 * charts cover where the data is: from the first bucket with calls to the last (within the report's
 * range), so an hour of data in a 24-hour report fills the chart in minutes instead of sitting
 * against its edge. Buckets are minutes up to 6 hours of that span, hours up to 14 days, days beyond,
 * so a chart has at most a few hundred points. Stateless.
 */
final class ChartData {

    /** Servers drawn one line each; the others are summed into one line. */
    static final int MAX_SERVER_LINES = 6;

    private static final Aggregation[] PERCENTILES = {Aggregation.P50, Aggregation.P95, Aggregation.P99};

    private ChartData() {
    }

    static GroupBy bucketFor(Duration range) {
        if (range.compareTo(Duration.ofHours(6)) <= 0) {
            return GroupBy.MINUTE;
        }
        return range.compareTo(Duration.ofDays(14)) <= 0 ? GroupBy.HOUR : GroupBy.DAY;
    }

    static long bucketMillis(GroupBy g) {
        return switch (g) {
            case MINUTE -> 60_000L;
            case HOUR -> 3_600_000L;
            default -> 86_400_000L;
        };
    }

    /**
     * Latency charts of {@code tools}, error rate and volume per server, then the error-rate charts of
     * {@code failing}, over the span of the report's range that has data.
     */
    static List<Chart> build(MetricsQueries queries, ReportRequest asked, List<ToolReport> tools, List<FailingTool> failing) {
        ReportRequest request = dataSpan(queries, asked);
        GroupBy group = bucketFor(request.length());
        long bucket = bucketMillis(group);
        List<Chart> charts = new ArrayList<>();
        for (ToolReport t : tools) {
            List<Chart.Line> lines = new ArrayList<>();
            for (Aggregation a : PERCENTILES) {
                List<Chart.Point> points = queries.runWithoutRefresh(query(request, t.server(), t.tool(), a, group)).points()
                        .stream().map(p -> new Chart.Point(p.timestamp(), p.value())).toList();
                lines.add(new Chart.Line(a.wireName(), points));
            }
            charts.add(new Chart("latency-" + (charts.size() + 1), "Response time of " + Figures.series(t.server(), t.tool()),
                    "ms", request.start(), request.end(), bucket, lines));
        }
        List<Map.Entry<String, TreeMap<Instant, long[]>>> byServer = perServer(queries.runWithoutRefresh(
                query(request, request.server(), null, Aggregation.ERROR_RATE, group)).points());
        List<Chart.Line> errorLines = new ArrayList<>();
        List<Chart.Line> volumeLines = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Instant, long[]>> e : byServer) {
            List<Chart.Point> rate = new ArrayList<>();
            e.getValue().forEach((at, c) -> rate.add(new Chart.Point(at, Math.round(100_000.0 * c[1] / c[0]) / 1000.0)));
            errorLines.add(new Chart.Line(e.getKey(), rate));
            List<Chart.Point> volume = new ArrayList<>();
            for (long b = Math.floorDiv(request.start().toEpochMilli(), bucket) * bucket; b < request.end().toEpochMilli(); b += bucket) {
                long[] c = e.getValue().get(Instant.ofEpochMilli(b));
                volume.add(new Chart.Point(Instant.ofEpochMilli(b), c == null ? 0 : c[0]));
            }
            volumeLines.add(new Chart.Line(e.getKey(), volume));
        }
        charts.add(new Chart("error-rate", "Error rate", "%", request.start(), request.end(), bucket, errorLines));
        charts.add(new Chart("volume", "Calls per " + group.wireName(), "calls", request.start(), request.end(), bucket,
                volumeLines));
        int n = 0;
        for (FailingTool f : failing) {
            List<Chart.Point> rate = queries.runWithoutRefresh(query(request, f.server(), f.tool(), Aggregation.ERROR_RATE, group))
                    .points().stream().map(p -> new Chart.Point(p.timestamp(), p.value())).toList();
            charts.add(new Chart("errors-" + (++n), "Error rate of " + Figures.series(f.server(), f.tool()), "%",
                    request.start(), request.end(), bucket, List.of(new Chart.Line("error rate", rate))));
        }
        return charts;
    }

    /**
     * {@code asked} narrowed to the buckets that have calls, read at the bucket size of the whole
     * range: from the first such bucket to the end of the last (never outside the range). The whole
     * range when there are no calls.
     */
    static ReportRequest dataSpan(MetricsQueries queries, ReportRequest asked) {
        GroupBy coarse = bucketFor(asked.length());
        List<MetricPoint> points = queries.runWithoutRefresh(query(asked, asked.server(), null, Aggregation.COUNT, coarse)).points();
        if (points.isEmpty()) {
            return asked;
        }
        Instant first = points.stream().map(MetricPoint::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = points.stream().map(MetricPoint::end).max(Comparator.naturalOrder()).orElseThrow();
        Instant start = first.isAfter(asked.start()) ? first : asked.start();
        Instant end = last.isBefore(asked.end()) ? last : asked.end();
        return end.isAfter(start) ? new ReportRequest(start, end, asked.server(), asked.includeRecommendations(), asked.topN()) : asked;
    }

    private static MetricsQuery query(ReportRequest r, String server, String tool, Aggregation a, GroupBy g) {
        return new MetricsQuery(server, tool, r.start(), r.end(), a, g);
    }

    /**
     * Calls and failed calls per bucket of each server, from error-rate points; the servers with the
     * most calls first, those beyond {@value #MAX_SERVER_LINES} summed as one. A point's failed calls are
     * {@code round(rate × count / 100)}: exact while a series has fewer than 100,000 calls in a bucket
     * (the rate is kept to 0.001 %), a chart's precision beyond.
     */
    private static List<Map.Entry<String, TreeMap<Instant, long[]>>> perServer(List<MetricPoint> points) {
        Map<String, TreeMap<Instant, long[]>> all = new TreeMap<>();
        Map<String, Long> calls = new TreeMap<>();
        for (MetricPoint p : points) {
            long[] c = all.computeIfAbsent(p.server(), s -> new TreeMap<>()).computeIfAbsent(p.timestamp(), t -> new long[2]);
            c[0] += p.count();
            c[1] += Math.round(p.value() * p.count() / 100.0);
            calls.merge(p.server(), p.count(), Long::sum);
        }
        List<String> order = calls.keySet().stream()
                .sorted(Comparator.comparing((String s) -> calls.get(s)).reversed().thenComparing(s -> s)).toList();
        // a list, not a map: a server may well be named like the line of the others
        List<Map.Entry<String, TreeMap<Instant, long[]>>> out = new ArrayList<>();
        TreeMap<Instant, long[]> others = new TreeMap<>();
        for (int i = 0; i < order.size(); i++) {
            if (i < MAX_SERVER_LINES || order.size() == MAX_SERVER_LINES + 1) {
                out.add(Map.entry(order.get(i), all.get(order.get(i))));
            } else {
                all.get(order.get(i)).forEach((at, c) -> {
                    long[] sum = others.computeIfAbsent(at, t -> new long[2]);
                    sum[0] += c[0];
                    sum[1] += c[1];
                });
            }
        }
        if (!others.isEmpty()) {
            out.add(Map.entry("(" + (order.size() - MAX_SERVER_LINES) + " other servers)", others));
        }
        return out;
    }
}
