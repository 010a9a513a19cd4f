package io.mcpmonitor.mcp.query;

import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.GroupBy;
import io.mcpmonitor.core.query.MetricPoint;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.MetricsResult;
import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.query.Trend;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.StructuredJson;
import io.mcpmonitor.mcp.server.StoreHealthNote;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolModule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code get_metrics}: latency, error rate and volume per server and tool over a range, with a
 * summary over everything matched and the trend against the previous period of equal length.
 * The same query the CLI's {@code metrics} runs.
 */
public final class GetMetricsTool implements ToolModule {

    /** Most points one answer carries; a larger answer asks the caller to group coarser or narrow the range. */
    public static final int MAX_POINTS = 10_000;

    @Override
    public List<ToolDefinition> tools(ToolContext context) {
        MetricsQueries queries = new MetricsQueries(context.reader());
        return List.of(new ToolDefinition("get_metrics", "Get metrics",
                "Response times (avg, percentiles, min, max in ms), error rate (% of calls not successful), call count "
                        + "or throughput (calls/min) per MCP server and tool over a time range (default: the last hour), "
                        + "optionally grouped by minute, hour or day; with a summary (errors by outcome, top error "
                        + "messages) and the trend against the previous period of equal length. The range is answered over "
                        + "whole minutes (effectiveStart, effectiveEnd); values without calls are null (no data).",
                SCHEMA, args -> handle(context, queries, args)));
    }

    private static ToolAnswer handle(ToolContext context, MetricsQueries queries, Arguments args) throws InvalidArgumentException {
        args.rejectUnknown(Set.of("mcpServer", "toolName", "client", "startTime", "endTime", "aggregation", "groupBy", "method"));
        String method = args.optionalName("method");
        if (method != null) {
            try {
                io.mcpmonitor.core.call.McpMethod.parse(method);
            } catch (IllegalArgumentException e) {
                throw new InvalidArgumentException("method", e.getMessage().substring("method: ".length()));
            }
        }
        MetricsQuery q = MetricsQuery.builder()
                .server(args.optionalName("mcpServer")).tool(args.optionalName("toolName")).client(args.optionalName("client"))
                .method(method)
                .start(args.optionalInstant("startTime")).end(args.optionalInstant("endTime"))
                .aggregation(args.optionalEnum("aggregation", Aggregation::fromWireName, Aggregation.AVG))
                .groupBy(args.optionalEnum("groupBy", GroupBy::fromWireName, GroupBy.NONE))
                .build(Instant.ofEpochMilli(context.clock().wallMillis()));
        context.readYourWrites();
        MetricsResult r = queries.runWithoutRefresh(q);
        if (r.points().size() > MAX_POINTS) {
            throw new InvalidArgumentException("groupBy", "this range gives " + r.points().size() + " points, more than "
                    + MAX_POINTS + "; group by a coarser unit or narrow startTime..endTime");
        }
        return StoreHealthNote.attach(new ToolAnswer(structured(r), text(r)), context.reader().stats());
    }

    /**
     * The structured answer: the range asked for ({@code startTime}, {@code endTime}) and the whole
     * minutes answered ({@code effectiveStart}, {@code effectiveEnd}); points with the span each covers
     * ({@code start}, {@code end}); the summary and the trend, where no data is {@code null}.
     */
    public static Map<String, Object> structured(MetricsResult r) {
        MetricsQuery q = r.query();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("startTime", q.start().toString());
        out.put("endTime", q.end().toString());
        out.put("effectiveStart", q.effectiveStart().toString());
        out.put("effectiveEnd", q.effectiveEnd().toString());
        out.put("aggregation", q.aggregation().wireName());
        out.put("groupBy", q.groupBy().wireName());
        if (q.method() != null) {
            out.put("method", q.method());
        }
        out.put("unit", unit(q.aggregation()));
        out.put("points", r.points().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timestamp", p.timestamp().toString());
            m.put("start", p.start().toString());
            m.put("end", p.end().toString());
            m.put("mcpServer", p.server());
            m.put("toolName", p.tool());
            if (p.client() != null) {
                m.put("client", p.client());
            }
            if (q.method() != null || q.groupBy() == GroupBy.METHOD) {
                m.put("method", p.method());
            }
            m.put("value", p.value());
            m.put("count", p.count());
            return m;
        }).toList());
        out.put("summary", StructuredJson.toMap(r.summary()));
        out.put("trend", StructuredJson.toMap(r.trend()));
        out.put("dataSince", r.dataSince() == null ? null : r.dataSince().toString());
        return StructuredJson.toMap(out);
    }

    static String unit(Aggregation a) {
        return switch (a) {
            case COUNT -> "calls";
            case ERROR_RATE -> "percent";
            case THROUGHPUT -> "calls per minute";
            case RESULT_SIZE_P50, RESULT_SIZE_P95, RESULT_SIZE_MAX, RESULT_SIZE_TOTAL -> "bytes";
            default -> "ms";
        };
    }

    /** The readable answer: the range answered, the summary and trend ("no data" where there is none), the points. */
    public static String text(MetricsResult r) {
        StringBuilder sb = new StringBuilder();
        Summary s = r.summary();
        MetricsQuery q = r.query();
        sb.append(q.aggregation().wireName()).append(" from ").append(q.start()).append(" to ").append(q.end());
        if (q.widened()) {
            sb.append(" (covered ").append(q.effectiveStart()).append(" to ").append(q.effectiveEnd()).append(", whole minutes)");
        }
        if (!s.hasData()) {
            sb.append(": no calls, no data");
        } else {
            sb.append(String.format(Locale.ROOT, ": %d calls, avg %.1f ms, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms, "
                            + "error rate %.2f %%", s.totalCalls(), s.avgResponseTime(), s.p50ResponseTime(), s.p95ResponseTime(),
                    s.p99ResponseTime(), s.maxResponseTime(), s.errorRate()));
        }
        if (!s.errorsByOutcome().isEmpty()) {
            sb.append(" ").append(s.errorsByOutcome());
        }
        sb.append("; trend: ").append(trend(r.trend())).append('\n');
        int shown = 0;
        for (MetricPoint p : r.points()) {
            if (shown++ == 50) {
                sb.append("… ").append(r.points().size() - 50).append(" more points in structuredContent\n");
                break;
            }
            String series = q.groupBy() == GroupBy.METHOD ? p.method()
                    : (q.method() != null ? p.method() + " " : "") + p.server() + "/" + p.tool();
            sb.append(String.format(Locale.ROOT, "%s %s %s=%.3f (%d calls)%n", p.timestamp(), series,
                    q.aggregation().wireName(), p.value(), p.count()));
        }
        return sb.toString();
    }

    /** A trend as people read it: direction, the changes there are, and why others are missing. */
    public static String trend(Trend t) {
        StringBuilder sb = new StringBuilder(t.direction()).append(" against ").append(t.previousStart()).append(" to ")
                .append(t.previousEnd());
        List<String> changes = new java.util.ArrayList<>();
        change(changes, "calls", t.callsChange(), " %");
        change(changes, "avg", t.avgResponseTimeChange(), " %");
        change(changes, "p95", t.p95ResponseTimeChange(), " %");
        change(changes, "error rate", t.errorRateChange(), " points");
        if (!changes.isEmpty()) {
            sb.append(" (").append(String.join(", ", changes)).append(')');
        }
        if (!t.note().isEmpty()) {
            sb.append(": ").append(t.note());
        }
        return sb.toString();
    }

    private static void change(List<String> out, String what, double v, String unit) {
        if (!Double.isNaN(v)) {
            out.add(String.format(Locale.ROOT, "%s %+.1f%s", what, v, unit));
        }
    }

    public static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "mcpServer": {"type": "string", "description": "Only this server (default: all)."},
               "toolName": {"type": "string", "description": "Only this tool (default: all)."},
               "client": {"type": "string", "description": "Only the calls of this client, name/version of its clientInfo (default: all). Calls are counted per client: aggregation count or throughput."},
               "startTime": {"type": "string", "format": "date-time", "description": "ISO-8601 start (default: one hour before endTime)."},
               "endTime": {"type": "string", "format": "date-time", "description": "ISO-8601 end (default: now)."},
               "aggregation": {"type": "string", "enum": ["avg", "p50", "p90", "p95", "p99", "p999", "min", "max", "count", "error_rate", "throughput", "result_size_p50", "result_size_p95", "result_size_max", "result_size_total"],
                               "description": "The value of each point (default avg); result_size_* are the sizes of the results in bytes (about 4 bytes per token)."},
               "groupBy": {"type": "string", "enum": ["minute", "hour", "day", "client", "method", "none"], "description": "Time buckets of the points (default none: one point per series); client: one point per series and calling client (aggregation count or throughput); method: one point per MCP method (tools/call, resources/read, prompts/get, initialize), all of its series merged."},
               "method": {"type": "string", "enum": ["tools/call", "resources/read", "prompts/get", "initialize"], "description": "Only operations of this MCP method (default tools/call); toolName then filters the method's names: a resource's URI template, a prompt's name, the negotiated protocol version for initialize."}
             },
             "additionalProperties": false}
            """;
}
