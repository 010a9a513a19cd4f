package io.mcpmonitor.core.query;

import java.time.Instant;

/**
 * One value of one series over one span. {@code timestamp} is the span's bucket: the start of the
 * minute, hour or day grouped by, or the start of the range answered when not grouped.
 * {@code start} and {@code end} (exclusive) are what the value covers: the bucket clipped to the
 * range answered, or that whole range. {@code value} is NaN when there is nothing to read (no calls).
 * {@code client} is the calling client ({@code name/version}) of a point of a query by client, else null.
 * {@code method} is the MCP method of the point's series (tools/call unless the query asked for another);
 * a point of a query grouped by method merges every series of its method, and its {@code server} and
 * {@code tool} are the query's filters (null: all).
 */
public record MetricPoint(Instant timestamp, String server, String tool, double value, long count, Instant start,
                          Instant end, String client, String method) {

    /** A point of tool calls. */
    public MetricPoint(Instant timestamp, String server, String tool, double value, long count, Instant start,
                       Instant end, String client) {
        this(timestamp, server, tool, value, count, start, end, client, io.mcpmonitor.core.call.McpMethod.TOOLS_CALL);
    }

    /** A point of all clients. */
    public MetricPoint(Instant timestamp, String server, String tool, double value, long count, Instant start,
                       Instant end) {
        this(timestamp, server, tool, value, count, start, end, null);
    }
}
