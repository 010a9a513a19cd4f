package io.mcpmonitor.mcp.prompt;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.mcp.alert.AlertJson;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.StructuredJson;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolCatalog;
import io.mcpmonitor.mcp.server.ToolContext;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prompts that gather what an assistant needs for a recurring question, so that it starts from the
 * data instead of guessing which tools to call: {@code investigate_tool}, {@code weekly_review} and
 * {@code incident_summary}. Each answers one user message: the task, then the data (the Markdown of the
 * tools' answers, the same numbers the tools give). Arguments are checked like tool arguments: a
 * missing or unknown one is an invalid-params error naming it.
 */
public final class MonitorPrompts {

    private final ToolCatalog tools;
    private final ToolContext context;

    public MonitorPrompts(ToolCatalog tools, ToolContext context) {
        this.tools = tools;
        this.context = context;
    }

    public List<SyncPromptSpecification> prompts() {
        return List.of(
                new SyncPromptSpecification(new Prompt("investigate_tool", "Investigate a tool",
                        "Why is this tool slow or failing? Gathers its latency and error rate over the last hour and day "
                                + "(per minute and per hour), its top errors, anomalies and open alerts.",
                        List.of(new PromptArgument("mcpServer", "the server", true),
                                new PromptArgument("toolName", "the tool", true))),
                        (exchange, request) -> investigate(arguments(request))),
                new SyncPromptSpecification(new Prompt("weekly_review", "Weekly performance review",
                        "A review of the last 7 days: the performance report (trends, bottlenecks, failing tools, "
                                + "anomalies, alerts) and what is open now.", List.of()),
                        (exchange, request) -> weekly()),
                new SyncPromptSpecification(new Prompt("incident_summary", "Summarise an incident",
                        "A summary of one alert for a post-incident note: the alert, its tool's metrics from before it "
                                + "started until now, the errors and the anomalies seen.",
                        List.of(new PromptArgument("alertId", "the alert (from get_active_alerts)", true))),
                        (exchange, request) -> incident(arguments(request))));
    }

    private static Map<String, Object> arguments(McpSchema.GetPromptRequest request) {
        return request.arguments() == null ? Map.of() : request.arguments();
    }

    private GetPromptResult investigate(Map<String, Object> args) {
        String server = required(args, "mcpServer");
        String tool = required(args, "toolName");
        Map<String, Object> scope = Map.of("mcpServer", server, "toolName", tool);
        StringBuilder data = new StringBuilder();
        section(data, "p95 per minute, last hour", call("get_metrics", with(scope, "aggregation", "p95", "groupBy", "minute")));
        ToolAnswer errors = call("get_metrics", with(scope, "aggregation", "error_rate", "groupBy", "minute"));
        section(data, "error rate per minute, last hour", errors);
        data.append("## errors by outcome and top messages, last hour\n\n```json\n")
                .append(StructuredJson.toJson(errors.structured().get("summary"))).append("\n```\n\n");
        Instant end = nextMinute();
        section(data, "p95 per hour, last 24 h", call("get_metrics", with(scope, "aggregation", "p95", "groupBy", "hour",
                "startTime", end.minus(Duration.ofDays(1)).toString(), "endTime", end.toString())));
        section(data, "calls per hour, last 24 h", call("get_metrics", with(scope, "aggregation", "count", "groupBy", "hour",
                "startTime", end.minus(Duration.ofDays(1)).toString(), "endTime", end.toString())));
        section(data, "anomalies, last 24 h", call("detect_anomalies", with(scope, "lookbackWindow", "24h")));
        section(data, "open alerts of " + server, call("get_active_alerts", Map.of("mcpServer", server)));
        return answer("Investigate " + server + "/" + tool,
                "Investigate the MCP tool " + tool + " of server " + server + ". From the data below: is it slow or "
                        + "failing, since when, how it compares with its usual behaviour, which errors dominate, and what "
                        + "to do first. Quote the numbers you rely on.", data);
    }

    private GetPromptResult weekly() {
        Instant end = nextMinute();
        StringBuilder data = new StringBuilder();
        section(data, "report, last 7 days", call("generate_performance_report",
                Map.of("startTime", end.minus(Duration.ofDays(7)).toString(), "endTime", end.toString(), "format", "markdown")));
        section(data, "open alerts now", call("get_active_alerts", Map.of()));
        return answer("Weekly performance review",
                "Write the weekly performance review of these MCP servers for the team: what got better or worse "
                        + "against the week before, the top bottlenecks and failing tools with what to do about each, the "
                        + "anomalies and alerts of the week, and what is still open.", data);
    }

    private GetPromptResult incident(Map<String, Object> args) {
        String id = required(args, "alertId");
        Alert alert = context.alerts().alert(id).orElseThrow(() -> invalid("alertId", "alertId: no alert '" + id + "'"));
        long now = context.clock().wallMillis();
        Instant from = Instant.ofEpochMilli(alert.startsMillis()).minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        Instant to = nextMinute();
        if (Duration.between(from, to).compareTo(Duration.ofDays(1)) > 0) {
            from = to.minus(Duration.ofDays(1));
        }
        String groupBy = Duration.between(from, to).compareTo(Duration.ofHours(3)) > 0 ? "hour" : "minute";
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("mcpServer", alert.server());
        if (alert.tool() != null && !alert.tool().isEmpty() && !alert.tool().equals("*")) {
            scope.put("toolName", alert.tool());
        }
        StringBuilder data = new StringBuilder();
        data.append("## the alert\n\n```json\n")
                .append(StructuredJson.toJson(AlertJson.alert(alert, context.alerts().isSilenced(alert, now)))).append("\n```\n\n");
        Map<String, Object> range = with(scope, "groupBy", groupBy, "startTime", from.toString(), "endTime", to.toString());
        section(data, "p95 from an hour before it started", call("get_metrics", with(range, "aggregation", "p95")));
        section(data, "error rate from an hour before it started", call("get_metrics", with(range, "aggregation", "error_rate")));
        section(data, "calls", call("get_metrics", with(range, "aggregation", "count")));
        section(data, "anomalies, last 24 h", call("detect_anomalies", with(scope, "lookbackWindow", "24h")));
        return answer("Incident " + id,
                "Summarise incident " + id + " (" + alert.server() + (scope.containsKey("toolName") ? "/" + alert.tool() : "")
                        + ", " + alert.metric().wireName() + ") for a post-incident note: what happened and when, how bad it "
                        + "was at its peak, what the errors say, whether it is over, and what should be done so it does not "
                        + "happen again. Quote the numbers you rely on.", data);
    }

    private static Instant nextMinute() {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static void section(StringBuilder out, String title, ToolAnswer answer) {
        out.append("## ").append(title).append("\n\n").append(answer.text()).append("\n\n");
    }

    private static GetPromptResult answer(String description, String task, StringBuilder data) {
        String text = task + "\n\n" + data.toString().stripTrailing() + "\n";
        return new GetPromptResult(description, List.of(new PromptMessage(Role.USER, new TextContent(text))));
    }

    private static String required(Map<String, Object> args, String name) {
        Object v = args.get(name);
        if (!(v instanceof String s) || s.isBlank()) {
            throw invalid(name, name + ": required, a non-empty string");
        }
        return s;
    }

    private ToolAnswer call(String tool, Map<String, Object> args) {
        try {
            return tools.call(tool, args);
        } catch (InvalidArgumentException e) {
            throw invalid(e.field(), e.getMessage());
        }
    }

    private static McpError invalid(String field, String message) {
        return new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS, message,
                Map.of("field", field)));
    }
}
