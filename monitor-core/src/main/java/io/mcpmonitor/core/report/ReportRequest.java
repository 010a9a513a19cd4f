package io.mcpmonitor.core.report;

import io.mcpmonitor.core.query.MetricsQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The parameters of {@code generate_performance_report}: the range {@code [start, end)}, an optional
 * server ({@code null} = every server), whether to add recommendations, and how many tools get
 * charts ({@code topN}: the top bottlenecks a latency chart each, the most failing an error-rate chart
 * each; {@value #DEFAULT_TOP_N} by default, at most {@value #MAX_TOP_N}).
 *
 * <p>Immutable. The constructor throws an {@link IllegalArgumentException} whose message starts with
 * the wire name of the field that is wrong ({@code startTime}, {@code endTime}, {@code mcpServer}, {@code topN}).
 *
 * <pre>{@code
 * ReportRequest r = new ReportRequest(Instant.parse("2026-11-25T00:00:00Z"), Instant.parse("2026-11-26T00:00:00Z"), null, true);
 * }</pre>
 */
public record ReportRequest(Instant start, Instant end, String server, boolean includeRecommendations, int topN) {

    public static final int DEFAULT_TOP_N = 3;
    public static final int MAX_TOP_N = 20;

    public ReportRequest(Instant start, Instant end, String server, boolean includeRecommendations) {
        this(start, end, server, includeRecommendations, DEFAULT_TOP_N);
    }

    public ReportRequest {
        if (topN < 1 || topN > MAX_TOP_N) {
            throw new IllegalArgumentException("topN: must be between 1 and " + MAX_TOP_N + ", was " + topN);
        }
        Objects.requireNonNull(start, "startTime");
        Objects.requireNonNull(end, "endTime");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("endTime: must be after startTime (" + start + "), was " + end);
        }
        if (Duration.between(start, end).compareTo(MetricsQuery.MAX_RANGE) > 0) {
            throw new IllegalArgumentException("startTime: the range to endTime is longer than "
                    + MetricsQuery.MAX_RANGE.toDays() + " days");
        }
        if (server != null && server.isBlank()) {
            throw new IllegalArgumentException("mcpServer: must not be blank");
        }
    }

    /** The start of the range the report covers: {@code start} rounded down to its minute, as get_metrics answers it. */
    public Instant effectiveStart() {
        return asQuery().effectiveStart();
    }

    /** The end of the range the report covers: {@code end} rounded up to a whole minute. */
    public Instant effectiveEnd() {
        return asQuery().effectiveEnd();
    }

    /** The range as people read it: as asked, and the whole minutes covered when they differ. */
    public String rangeText() {
        String asked = start + " to " + end;
        return asQuery().widened() ? asked + " (covers the whole minutes " + effectiveStart() + " to " + effectiveEnd() + ")" : asked;
    }

    private MetricsQuery asQuery() {
        return new MetricsQuery(server, null, start, end, io.mcpmonitor.core.query.Aggregation.AVG,
                io.mcpmonitor.core.query.GroupBy.NONE);
    }

    /** The length of the range. */
    public Duration length() {
        return Duration.between(start, end);
    }
}
