package io.mcpmonitor.core.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The parameters of {@code get_metrics}. {@code server} and {@code tool} filter exactly when given
 * (null = all). The range {@code [start, end)} is widened to whole minutes, the store's finest
 * resolution. Build with {@link #builder()}; {@link Builder#build()} checks every field and throws an
 * {@link IllegalArgumentException} naming the field that is wrong.
 */
public record MetricsQuery(String server, String tool, Instant start, Instant end, Aggregation aggregation,
                           GroupBy groupBy) {

    /** Longest range one query may span. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);

    public MetricsQuery {
        Objects.requireNonNull(start, "startTime");
        Objects.requireNonNull(end, "endTime");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(groupBy, "groupBy");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("endTime: must be after startTime (" + start + "), was " + end);
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("startTime: the range to endTime is longer than " + MAX_RANGE.toDays() + " days");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The period of equal length just before this one, with the same filters. */
    public MetricsQuery previousPeriod() {
        Duration len = Duration.between(start, end);
        return new MetricsQuery(server, tool, start.minus(len), start, aggregation, groupBy);
    }

    /** Defaults: all servers and tools, the last hour ending now, {@code avg}, no grouping. */
    public static final class Builder {
        private String server;
        private String tool;
        private Instant start;
        private Instant end;
        private Aggregation aggregation = Aggregation.AVG;
        private GroupBy groupBy = GroupBy.NONE;

        public Builder server(String server) {
            this.server = server;
            return this;
        }

        public Builder tool(String tool) {
            this.tool = tool;
            return this;
        }

        public Builder start(Instant start) {
            this.start = start;
            return this;
        }

        public Builder end(Instant end) {
            this.end = end;
            return this;
        }

        public Builder aggregation(Aggregation aggregation) {
            this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
            return this;
        }

        public Builder groupBy(GroupBy groupBy) {
            this.groupBy = Objects.requireNonNull(groupBy, "groupBy");
            return this;
        }

        /** Builds the query; a missing end means {@code now}, a missing start one hour before the end. */
        public MetricsQuery build(Instant now) {
            Instant e = end != null ? end : now;
            Instant s = start != null ? start : e.minus(Duration.ofHours(1));
            return new MetricsQuery(server, tool, s, e, aggregation, groupBy);
        }

        public MetricsQuery build() {
            return build(Instant.now());
        }
    }
}
