package io.mcpmonitor.mcp.alert;

import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.alert.Severity;
import io.mcpmonitor.core.alert.Silence;
import io.mcpmonitor.core.alert.Statistic;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolModule;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Alert rules and silences: set_alert_threshold, list_alert_rules, delete_alert_rule, silence_alerts, list_silences. */
public final class AlertRuleTools implements ToolModule {

    @Override
    public List<ToolDefinition> tools(ToolContext ctx) {
        return List.of(
                new ToolDefinition("set_alert_threshold", "Set alert threshold",
                        "Create or change an alert rule: fire when a metric (response_time with a statistic, error_rate %, cpu %, "
                                + "memory % of heap, or no_data minutes) over the last windowMinutes exceeds threshold for "
                                + "pendingSeconds, for a server and tool (absent = all). Setting the same scope, metric and "
                                + "severity again updates the rule; enabled=false switches it (or the built-in default) off. "
                                + "The rules of the most specific scope with any rule for a metric replace the broader ones "
                                + "at every severity: a tool with only its own warning rule has no critical one.",
                        SET_SCHEMA, args -> set(ctx, args)),
                new ToolDefinition("list_alert_rules", "List alert rules",
                        "The alert rules in force, the built-in defaults included, optionally for one server.",
                        """
                        {"type": "object", "properties": {"mcpServer": {"type": "string"}}, "additionalProperties": false}
                        """, args -> list(ctx, args)),
                new ToolDefinition("delete_alert_rule", "Delete alert rule",
                        "Delete a rule by its thresholdId; a built-in default is switched off instead.",
                        """
                        {"type": "object", "properties": {"thresholdId": {"type": "string"}}, "required": ["thresholdId"],
                         "additionalProperties": false}
                        """, args -> delete(ctx, args)),
                new ToolDefinition("silence_alerts", "Silence alerts",
                        "Mute notifications of alerts matching server / tool / metric (absent = any) for durationMinutes, "
                                + "saying who and why. The alerts still show in get_active_alerts, marked silenced.",
                        SILENCE_SCHEMA, args -> silence(ctx, args)),
                new ToolDefinition("list_silences", "List silences", "The silences in force.",
                        """
                        {"type": "object", "properties": {}, "additionalProperties": false}
                        """, args -> silences(ctx, args)));
    }

    private static ToolAnswer set(ToolContext ctx, Arguments a) throws InvalidArgumentException {
        a.rejectUnknown(Set.of("mcpServer", "toolName", "metric", "threshold", "severity", "enabled", "statistic",
                "windowMinutes", "pendingSeconds", "minCalls"));
        String server = a.optionalName("mcpServer");
        String tool = a.optionalName("toolName");
        AlertMetric metric = a.optionalEnum("metric", AlertMetric::fromWireName, null);
        if (metric == null) {
            throw new InvalidArgumentException("metric", "is required");
        }
        Severity severity = a.optionalEnum("severity", Severity::fromWireName, null);
        if (severity == null) {
            throw new InvalidArgumentException("severity", "is required");
        }
        double threshold = a.requiredNumber("threshold");
        Statistic statistic = a.optionalEnum("statistic", Statistic::fromWireName, Statistic.P95);
        if (metric != AlertMetric.RESPONSE_TIME && a.has("statistic")) {
            throw new InvalidArgumentException("statistic", "only applies to metric response_time");
        }
        Double window = a.optionalNumber("windowMinutes");
        Double pending = a.optionalNumber("pendingSeconds");
        Long minCalls = a.optionalInteger("minCalls");
        Boolean enabled = a.optionalBoolean("enabled");
        String id = AlertRule.idFor(server, tool, metric, severity);
        AlertRule existing = ctx.alerts().rules().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
        AlertRule rule = new AlertRule(id, server, tool, metric, statistic, threshold, severity,
                window != null ? Duration.ofSeconds(Math.round(window * 60)) : existing != null ? existing.window() : null,
                pending != null ? Duration.ofSeconds(Math.round(pending)) : existing != null ? existing.pendingFor() : null,
                enabled == null || enabled,
                minCalls != null ? Math.toIntExact(Math.min(minCalls, Integer.MAX_VALUE)) : existing != null ? existing.minCalls() : AlertRule.DEFAULT_MIN_CALLS,
                existing != null && existing.builtIn());
        ctx.alerts().setRule(rule);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("thresholdId", rule.id());
        out.put("rule", AlertJson.rule(rule));
        out.put("updated", existing != null);
        AlertJson.putSaveStatus(out, ctx.alerts());
        return new ToolAnswer(out, (existing != null ? "updated " : "created ") + rule.id() + ": " + describe(rule)
                + AlertJson.saveNote(ctx.alerts()));
    }

    static String describe(AlertRule r) {
        String scope = (r.server() == null ? "all servers" : r.server()) + (r.tool() == null ? "" : "/" + r.tool());
        String what = r.metric() == AlertMetric.RESPONSE_TIME ? r.statistic().wireName() + " response time" : r.metric().wireName();
        return r.severity().wireName() + " when " + what + " > " + r.threshold() + " " + r.metric().unit() + " over "
                + r.window().toMinutes() + " min for " + r.pendingFor().toSeconds() + " s on " + scope
                + (r.enabled() ? "" : " (disabled)");
    }

    private static ToolAnswer list(ToolContext ctx, Arguments a) throws InvalidArgumentException {
        a.rejectUnknown(Set.of("mcpServer"));
        String server = a.optionalName("mcpServer");
        List<Map<String, Object>> rules = ctx.alerts().rules().stream()
                .filter(r -> server == null || r.server() == null || server.equals(r.server()))
                .map(AlertJson::rule).toList();
        StringBuilder text = new StringBuilder();
        ctx.alerts().rules().stream().filter(r -> server == null || r.server() == null || server.equals(r.server()))
                .forEach(r -> text.append(r.id()).append(": ").append(describe(r)).append('\n'));
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("rules", rules);
        out.put("count", rules.size());
        if (!ctx.alerts().stateNote().isEmpty()) {
            out.put("stateRecovery", ctx.alerts().stateNote());
        }
        return new ToolAnswer(out, text + AlertJson.saveNote(ctx.alerts()));
    }

    private static ToolAnswer delete(ToolContext ctx, Arguments a) throws InvalidArgumentException {
        a.rejectUnknown(Set.of("thresholdId"));
        String id = a.requiredString("thresholdId");
        var removed = ctx.alerts().deleteRule(id);
        if (removed.isEmpty()) {
            throw new InvalidArgumentException("thresholdId", "no rule '" + id + "'; list_alert_rules shows them");
        }
        boolean builtIn = removed.get().builtIn();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("thresholdId", id);
        out.put("deleted", !builtIn);
        out.put("disabled", builtIn);
        AlertJson.putSaveStatus(out, ctx.alerts());
        return new ToolAnswer(out, (builtIn ? "built-in rule " + id + " switched off" : "deleted " + id)
                + AlertJson.saveNote(ctx.alerts()));
    }

    private static ToolAnswer silence(ToolContext ctx, Arguments a) throws InvalidArgumentException {
        a.rejectUnknown(Set.of("mcpServer", "toolName", "metric", "durationMinutes", "createdBy", "reason"));
        double minutes = a.requiredNumber("durationMinutes");
        if (minutes <= 0 || minutes > 30 * 24 * 60) {
            throw new InvalidArgumentException("durationMinutes", "must be between 0 and 43200 (30 days), was " + minutes);
        }
        String by = a.requiredName("createdBy");
        Silence s = ctx.alerts().addSilence(a.optionalName("mcpServer"), a.optionalName("toolName"),
                a.optionalEnum("metric", AlertMetric::fromWireName, null), Duration.ofSeconds(Math.round(minutes * 60)), by,
                a.optionalString("reason"), ctx.clock().wallMillis());
        Map<String, Object> out = AlertJson.silence(s);
        AlertJson.putSaveStatus(out, ctx.alerts());
        return new ToolAnswer(out, "silenced until " + java.time.Instant.ofEpochMilli(s.endsMillis()) + " (" + s.id() + ")"
                + AlertJson.saveNote(ctx.alerts()));
    }

    private static ToolAnswer silences(ToolContext ctx, Arguments a) throws InvalidArgumentException {
        a.rejectUnknown(Set.of());
        List<Map<String, Object>> list = ctx.alerts().silences(ctx.clock().wallMillis()).stream().map(AlertJson::silence).toList();
        return new ToolAnswer(Map.of("silences", list, "count", list.size()), list.size() + " silences in force");
    }

    static final String SET_SCHEMA = """
            {"type": "object",
             "properties": {
               "mcpServer": {"type": "string", "description": "Only this server (default: all)."},
               "toolName": {"type": "string", "description": "Only this tool (default: all). Not for cpu, memory, no_data."},
               "metric": {"type": "string", "enum": ["response_time", "error_rate", "cpu", "memory", "no_data"]},
               "threshold": {"type": "number", "minimum": 0, "description": "ms for response_time, % for error_rate, cpu and memory, minutes for no_data."},
               "severity": {"type": "string", "enum": ["warning", "critical"]},
               "enabled": {"type": "boolean", "description": "false switches the rule off (default true)."},
               "statistic": {"type": "string", "enum": ["p50", "p95", "p99", "avg", "max"], "description": "For response_time (default p95)."},
               "windowMinutes": {"type": "number", "minimum": 1, "maximum": 1440, "description": "Window the value is computed over (default 5)."},
               "pendingSeconds": {"type": "number", "minimum": 0, "maximum": 86400, "description": "How long the condition must hold before firing (default 60)."},
               "minCalls": {"type": "integer", "minimum": 0, "description": "Fewest calls in the window to judge it (default 5)."}
             },
             "required": ["metric", "threshold", "severity"],
             "additionalProperties": false}
            """;

    static final String SILENCE_SCHEMA = """
            {"type": "object",
             "properties": {
               "mcpServer": {"type": "string"}, "toolName": {"type": "string"},
               "metric": {"type": "string", "enum": ["response_time", "error_rate", "cpu", "memory", "no_data"]},
               "durationMinutes": {"type": "number", "exclusiveMinimum": 0, "maximum": 43200},
               "createdBy": {"type": "string"}, "reason": {"type": "string"}
             },
             "required": ["durationMinutes", "createdBy"],
             "additionalProperties": false}
            """;
}
