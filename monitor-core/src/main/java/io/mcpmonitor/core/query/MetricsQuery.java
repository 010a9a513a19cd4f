package io.mcpmonitor.core.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The parameters of {@code get_metrics}. {@code server}, {@code tool} and {@code client} (the calling
 * client's {@code name/version}) filter exactly when given (null = all). Calls are counted per client, not
 * timed per client: a query by client ({@code client} given, or {@link GroupBy#CLIENT}) answers
 * {@code count}, {@code throughput} or {@code error_rate} only, and its points are the client's calls. {@code method} is the MCP
 * method asked about ({@code io.mcpmonitor.core.call.McpMethod}): null means tools/call, so a query without one
 * answers as before other methods were recorded, except grouped by {@link GroupBy#METHOD}, where null means
 * every method; with a method other than tools/call, {@code tool} filters that method's names (a resource's
 * URI template, a prompt's name). The range asked for, {@code [start, end)}, is answered over whole minutes, the store's
 * finest resolution: {@link #effectiveStart()} is {@code start} rounded down to its minute,
 * {@link #effectiveEnd()} {@code end} rounded up, and answers say so. Build with {@link #builder()};
 * {@link Builder#build()} checks every field and throws an {@link IllegalArgumentException} naming
 * the field that is wrong.
 *
 * <pre>{@code
 * MetricsQuery q = MetricsQuery.builder().start(Instant.parse("2026-11-25T21:50:30Z"))
 *         .end(Instant.parse("2026-11-25T21:51:30Z")).build();
 * q.effectiveStart(); // 21:50:00
 * q.effectiveEnd();   // 21:52:00
 * }</pre>
 */
public record MetricsQuery(String server, String tool, Instant start, Instant end, Aggregation aggregation,
                           GroupBy groupBy, String client, String method) {

    /** A query of tool calls (or, grouped by method, of every method). */
    public MetricsQuery(String server, String tool, Instant start, Instant end, Aggregation aggregation,
                        GroupBy groupBy, String client) {
        this(server, tool, start, end, aggregation, groupBy, client, null);
    }

    /** A query of every client. */
    public MetricsQuery(String server, String tool, Instant start, Instant end, Aggregation aggregation,
                        GroupBy groupBy) {
        this(server, tool, start, end, aggregation, groupBy, null);
    }

    /** Longest range one query may span. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);

    public MetricsQuery {
        Objects.requireNonNull(start, "startTime");
        Objects.requireNonNull(end, "endTime");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(groupBy, "groupBy");
        if ((client != null || groupBy == GroupBy.CLIENT)
                && aggregation != Aggregation.COUNT && aggregation != Aggregation.THROUGHPUT
                && aggregation != Aggregation.ERROR_RATE) {
            throw new IllegalArgumentException("aggregation: calls are counted per client, not timed; by client, ask for "
                    + "count, throughput or error_rate, was " + aggregation.wireName());
        }
        if (method != null) {
            io.mcpmonitor.core.call.McpMethod.parse(method);
        }
        if (client != null && groupBy == GroupBy.METHOD) {
            throw new IllegalArgumentException("groupBy: method cannot be combined with a client filter; group by client "
                    + "and give the method instead");
        }
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

    /** Whether a series of {@code seriesMethod} is one this query reads. */
    public boolean readsMethod(String seriesMethod) {
        if (method != null) {
            return method.equals(seriesMethod);
        }
        return groupBy == GroupBy.METHOD || io.mcpmonitor.core.call.McpMethod.TOOLS_CALL.equals(seriesMethod);
    }

    /** The start of the range answered: {@code start} rounded down to its minute. */
    public Instant effectiveStart() {
        return Instant.ofEpochMilli(floorMinute(start.toEpochMilli()));
    }

    /** The end (exclusive) of the range answered: {@code end} rounded up to a whole minute. */
    public Instant effectiveEnd() {
        return Instant.ofEpochMilli(ceilMinute(end.toEpochMilli()));
    }

    /** Whether the range answered differs from the range asked for (it was widened to whole minutes). */
    public boolean widened() {
        return !effectiveStart().equals(start) || !effectiveEnd().equals(end);
    }

    /**
     * The period of equal length just before the range answered, with the same filters: what the
     * trend compares with. Its bounds are whole minutes.
     */
    public MetricsQuery previousPeriod() {
        Instant s = effectiveStart();
        Duration len = Duration.between(s, effectiveEnd());
        return new MetricsQuery(server, tool, s.minus(len), s, aggregation, groupBy, client, method);
    }

    private static final long MINUTE_MILLIS = 60_000L;

    private static long floorMinute(long millis) {
        return Math.floorDiv(millis, MINUTE_MILLIS) * MINUTE_MILLIS;
    }

    private static long ceilMinute(long millis) {
        long f = floorMinute(millis);
        return f == millis ? f : f + MINUTE_MILLIS;
    }

    /**
     * Defaults: all servers and tools, {@code avg}, no grouping, and the last hour: the 60 minutes
     * ending with the minute in progress (a query at 21:51:30 covers 20:52 to 21:52).
     */
    public static final class Builder {
        private String server;
        private String tool;
        private Instant start;
        private Instant end;
        private Aggregation aggregation = Aggregation.AVG;
        private GroupBy groupBy = GroupBy.NONE;
        private String client;
        private String method;

        /** Only operations of this MCP method; null = tools/call (every method when grouped by method). */
        public Builder method(String method) {
            this.method = method;
            return this;
        }

        /** Only the calls of this client ({@code name/version}); null = all. */
        public Builder client(String client) {
            this.client = client;
            return this;
        }

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

        /**
         * Builds the query; a missing end means {@code now}, a missing start one hour before the end's
         * minute is over, so that the range answered is exactly 60 minutes.
         */
        public MetricsQuery build(Instant now) {
            Instant e = end != null ? end : now;
            Instant s = start != null ? start : Instant.ofEpochMilli(ceilMinute(e.toEpochMilli())).minus(Duration.ofHours(1));
            return new MetricsQuery(server, tool, s, e, aggregation, groupBy, client, method);
        }

        public MetricsQuery build() {
            return build(Instant.now());
        }
    }
}
