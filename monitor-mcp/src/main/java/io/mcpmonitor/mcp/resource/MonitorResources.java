package io.mcpmonitor.mcp.resource;

import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.StructuredJson;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolCatalog;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitor as MCP resources, for clients that attach context rather than call tools:
 * {@value #DASHBOARD}, {@value #ACTIVE_ALERTS}, {@code monitor://servers/{name}} and
 * {@code monitor://report/{period}}. Every read answers two contents for the same URI: the JSON a
 * program parses ({@code application/json}, the structured answer of the matching tool) and the
 * Markdown a model or a person reads ({@code text/markdown}). Each read runs the tools' own handlers,
 * so a resource never says something a tool would not.
 *
 * <p>{@value #ACTIVE_ALERTS} can be subscribed to: the server sends
 * {@code notifications/resources/updated} when an alert opens, changes severity or resolves
 * ({@link io.mcpmonitor.mcp.server.ClientNotices}).
 */
public final class MonitorResources {

    public static final String DASHBOARD = "monitor://dashboard";
    public static final String ACTIVE_ALERTS = "monitor://alerts/active";
    static final String SERVER_TEMPLATE = "monitor://servers/{name}";
    static final String REPORT_TEMPLATE = "monitor://report/{period}";
    static final String JSON = "application/json";
    static final String MARKDOWN = "text/markdown";

    /** {@code day}, {@code week}, {@code month}, or a count of hours or days such as {@code 6h}, {@code 7d}. */
    private static final Pattern PERIOD = Pattern.compile("(\\d{1,3})([hd])");

    private final ToolCatalog tools;

    public MonitorResources(ToolCatalog tools) {
        this.tools = tools;
    }

    public List<SyncResourceSpecification> resources() {
        return List.of(
                new SyncResourceSpecification(resource(DASHBOARD, "dashboard", "Performance dashboard",
                        "Health of every monitored MCP server: status, score, calls, error rate, p95, open alerts."),
                        (exchange, request) -> read(request.uri(), "get_performance_dashboard", Map.of())),
                new SyncResourceSpecification(resource(ACTIVE_ALERTS, "active-alerts", "Active alerts",
                        "Every open alert (firing or acknowledged) with its severity, value and threshold. "
                                + "Subscribe to be told when it changes."),
                        (exchange, request) -> read(request.uri(), "get_active_alerts", Map.of())));
    }

    public List<SyncResourceTemplateSpecification> templates() {
        return List.of(
                new SyncResourceTemplateSpecification(ResourceTemplate.builder().uriTemplate(SERVER_TEMPLATE)
                        .name("server").title("One monitored server")
                        .description("A server's tools (calls, errors, first and last seen), its latency and error rate "
                                + "per tool over the last hour, and its open alerts.").mimeType(JSON).build(),
                        (exchange, request) -> server(request.uri())),
                new SyncResourceTemplateSpecification(ResourceTemplate.builder().uriTemplate(REPORT_TEMPLATE)
                        .name("report").title("Performance report")
                        .description("The performance report of the last period: day, week, month, or Nh / Nd "
                                + "(e.g. 6h, 7d), ending now.").mimeType(JSON).build(),
                        (exchange, request) -> report(request.uri())));
    }

    private static Resource resource(String uri, String name, String title, String description) {
        return Resource.builder().uri(uri).name(name).title(title).description(description).mimeType(JSON).build();
    }

    private ReadResourceResult read(String uri, String tool, Map<String, Object> args) {
        ToolAnswer a = call(tool, args);
        return result(uri, a.structured(), a.text());
    }

    private ReadResourceResult server(String uri) {
        String name = decode(lastSegment(uri, "monitor://servers/"));
        ToolAnswer listed = call("list_servers", Map.of("mcpServer", name));
        if (((Number) listed.structured().get("count")).intValue() == 0) {
            throw McpError.RESOURCE_NOT_FOUND.apply(uri);
        }
        ToolAnswer p95 = call("get_metrics", Map.of("mcpServer", name, "aggregation", "p95"));
        ToolAnswer errors = call("get_metrics", Map.of("mcpServer", name, "aggregation", "error_rate"));
        ToolAnswer alerts = call("get_active_alerts", Map.of("mcpServer", name));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("server", name);
        out.put("tools", listed.structured().get("servers"));
        out.put("p95LastHour", p95.structured());
        out.put("errorRateLastHour", errors.structured());
        out.put("activeAlerts", alerts.structured());
        String md = "# " + name + "\n\n## Tools\n" + listed.text() + "\n\n## p95, last hour\n" + p95.text()
                + "\n\n## Error rate, last hour\n" + errors.text() + "\n\n## Open alerts\n" + alerts.text() + "\n";
        return result(uri, out, md);
    }

    private ReadResourceResult report(String uri) {
        String period = decode(lastSegment(uri, "monitor://report/"));
        Duration length = period(period);
        if (length == null) {
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS,
                    "uri: the report period must be day, week, month, or a count of hours or days such as 6h or 7d; was '"
                            + period + "'", null));
        }
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Map<String, Object> args = Map.of("startTime", end.minus(length).toString(), "endTime", end.toString());
        ToolAnswer json = call("generate_performance_report", withFormat(args, "json"));
        ToolAnswer md = call("generate_performance_report", withFormat(args, "markdown"));
        return result(uri, json.structured(), md.text());
    }

    /** The length of a report period, or null when {@code period} is not one. */
    static Duration period(String period) {
        switch (period) {
            case "day", "daily" -> {
                return Duration.ofDays(1);
            }
            case "week", "weekly" -> {
                return Duration.ofDays(7);
            }
            case "month", "monthly" -> {
                return Duration.ofDays(30);
            }
            default -> {
                Matcher m = PERIOD.matcher(period);
                if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
                    return null;
                }
                int n = Integer.parseInt(m.group(1));
                Duration d = m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n);
                return d.compareTo(Duration.ofDays(400)) > 0 ? null : d;
            }
        }
    }

    private static Map<String, Object> withFormat(Map<String, Object> args, String format) {
        Map<String, Object> m = new LinkedHashMap<>(args);
        m.put("format", format);
        return m;
    }

    private ToolAnswer call(String tool, Map<String, Object> args) {
        try {
            return tools.call(tool, args);
        } catch (InvalidArgumentException e) {
            throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS,
                    e.getMessage(), Map.of("field", e.field())));
        }
    }

    private static ReadResourceResult result(String uri, Map<String, Object> structured, String markdown) {
        List<McpSchema.ResourceContents> contents = new ArrayList<>();
        contents.add(new TextResourceContents(uri, JSON, StructuredJson.toJson(structured)));
        contents.add(new TextResourceContents(uri, MARKDOWN, markdown));
        return new ReadResourceResult(contents);
    }

    private static String lastSegment(String uri, String prefix) {
        return uri.startsWith(prefix) ? uri.substring(prefix.length()) : "";
    }

    private static String decode(String segment) {
        return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
