package io.mcpmonitor.mcp.report;

import io.mcpmonitor.core.detect.AnomalyDetection;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.report.AlertSource;
import io.mcpmonitor.core.report.AnomalySource;
import io.mcpmonitor.core.report.DeploymentSource;
import io.mcpmonitor.core.report.JsonReport;
import io.mcpmonitor.core.report.Report;
import io.mcpmonitor.core.report.ReportBuilder;
import io.mcpmonitor.core.report.ReportFormat;
import io.mcpmonitor.core.report.ReportRequest;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolModule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code generate_performance_report}: a report over {@code startTime..endTime} (default: the last 24 hours) in
 * Markdown (default), JSON or self-contained HTML, optionally of one server. Its numbers come from
 * the query behind {@code get_metrics}, its anomalies from the detection the sidecar runs in the
 * background (and stores), its alerts from the sidecar's alert state.
 *
 * <p>Answers with {@code structuredContent} {@code {format, report, document?}}: {@code report} is the
 * JSON report, {@code document} the rendered Markdown or HTML; the text content is the rendered
 * document (the JSON itself for {@code json}).
 */
public final class GeneratePerformanceReportTool implements ToolModule {

    @Override
    public List<ToolDefinition> tools(ToolContext context) {
        ReportBuilder builder = new ReportBuilder(new MetricsQueries(context.reader()),
                AnomalySource.of(AnomalyDetection.shared(context.reader())), AlertSource.of(context.alerts()),
                DeploymentSource.of(context.reader().store().root()));
        return List.of(new ToolDefinition("generate_performance_report", "Generate performance report",
                "A performance report over a time range, of every MCP server or one: executive summary, response times "
                        + "(avg, p50/p95/p99, max) and error rates per server and tool, trends against the previous period "
                        + "and week over week, top bottlenecks (p95 x calls), most failing tools with their top errors, "
                        + "anomalies, alerts, and recommendations. As Markdown (default), JSON or one self-contained HTML "
                        + "file with inline SVG charts.",
                SCHEMA, args -> handle(context, builder, args)));
    }

    private static ToolAnswer handle(ToolContext context, ReportBuilder builder, Arguments args) throws InvalidArgumentException {
        args.rejectUnknown(Set.of("startTime", "endTime", "format", "includeRecommendations", "mcpServer", "topN"));
        // Like the command line: the end defaults to now, the start to 24 hours before the end.
        Instant end = args.optionalInstant("endTime");
        if (end == null) {
            end = Instant.ofEpochMilli(context.clock().wallMillis()).truncatedTo(ChronoUnit.SECONDS);
        }
        Instant start = args.optionalInstant("startTime");
        if (start == null) {
            start = end.minus(Duration.ofHours(24));
        }
        ReportFormat format = args.optionalEnum("format", ReportFormat::fromWireName, ReportFormat.MARKDOWN);
        Boolean include = args.optionalBoolean("includeRecommendations");
        Double top = args.optionalNumber("topN");
        if (top != null && (top != Math.rint(top) || top < 1 || top > ReportRequest.MAX_TOP_N)) {
            throw new InvalidArgumentException("topN", "must be a whole number from 1 to " + ReportRequest.MAX_TOP_N + ", was " + top);
        }
        ReportRequest request = new ReportRequest(start, end, args.optionalName("mcpServer"), include == null || include,
                top == null ? ReportRequest.DEFAULT_TOP_N : top.intValue());
        context.readYourWrites();
        Report report = builder.build(request, Instant.ofEpochMilli(context.clock().wallMillis()));
        String document = format.render(report);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", format.wireName());
        out.put("report", JsonReport.toMap(report));
        if (format != ReportFormat.JSON) {
            out.put("document", document);
        }
        return new ToolAnswer(out, document);
    }

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "startTime": {"type": "string", "format": "date-time", "description": "ISO-8601 start of the report's range (default: 24 hours before the end)."},
               "endTime": {"type": "string", "format": "date-time", "description": "ISO-8601 end of the report's range (after startTime, at most 400 days later; default: now)."},
               "format": {"type": "string", "enum": ["markdown", "json", "html"], "description": "markdown (default), json (the structured report) or html (one self-contained file with inline SVG charts)."},
               "includeRecommendations": {"type": "boolean", "description": "Add what to do, drawn from the report (default true)."},
               "mcpServer": {"type": "string", "description": "Only this server (default: all)."},
               "topN": {"type": "integer", "minimum": 1, "maximum": 20, "description": "Tools charted in html: the top bottlenecks (latency) and the most failing (error rate), this many each (default 3)."}
             },
             "additionalProperties": false}
            """;
}
