package io.mcpmonitor.mcp.alert;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.alert.AlertStatus;
import io.mcpmonitor.core.alert.Severity;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * get_active_alerts and acknowledge_alert: the open alerts, and the acknowledgement that stops reminders and
 * escalation (docs/ALERTS.md).
 */
public final class AlertLifecycleTools implements ToolModule {

    @Override
    public List<ToolDefinition> tools(ToolContext ctx) {
        return List.of(
                new ToolDefinition("get_active_alerts", "Get active alerts",
                        "Open alerts (active, acknowledged, escalated), most severe and newest first, with current value, "
                                + "threshold, since when, how often it fired, and whether it is silenced. Filter by severity, "
                                + "server or status.",
                        """
                        {"type": "object",
                         "properties": {
                           "severity": {"type": "string", "enum": ["warning", "critical"]},
                           "mcpServer": {"type": "string"},
                           "status": {"type": "string", "enum": ["active", "acknowledged", "escalated"]}
                         },
                         "additionalProperties": false}
                        """, args -> active(ctx, args)),
                new ToolDefinition("acknowledge_alert", "Acknowledge alert",
                        "Acknowledge an alert: someone is on it. Stops its reminders and escalation; it still resolves by itself "
                                + "(with a resolved notification) when the condition clears.",
                        """
                        {"type": "object",
                         "properties": {
                           "alertId": {"type": "string"},
                           "acknowledgedBy": {"type": "string"},
                           "notes": {"type": "string"}
                         },
                         "required": ["alertId", "acknowledgedBy"],
                         "additionalProperties": false}
                        """, args -> acknowledge(ctx, args)));
    }

    private static ToolAnswer active(ToolContext ctx, Arguments a) throws InvalidArgumentException {
        a.rejectUnknown(Set.of("severity", "mcpServer", "status"));
        Severity severity = a.optionalEnum("severity", Severity::fromWireName, null);
        String server = a.optionalName("mcpServer");
        AlertStatus status = a.optionalEnum("status", AlertStatus::fromWireName, null);
        if (status == AlertStatus.RESOLVED) {
            throw new InvalidArgumentException("status", "must be active, acknowledged or escalated");
        }
        long now = ctx.clock().wallMillis();
        List<Alert> alerts = ctx.alerts().alerts(false).stream()
                .filter(x -> severity == null || x.severity() == severity)
                .filter(x -> server == null || server.equals(x.server()))
                .filter(x -> status == null || x.status() == status).toList();
        Map<String, Object> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            bySeverity.put(s.wireName(), alerts.stream().filter(x -> x.severity() == s).count());
        }
        StringBuilder text = new StringBuilder(alerts.isEmpty() ? "no open alerts" : alerts.size() + (alerts.size() == 1 ? " open alert:\n" : " open alerts:\n"));
        for (Alert x : alerts) {
            text.append(AlertJson.line(x)).append(ctx.alerts().isSilenced(x, now) ? " (silenced)" : "").append('\n');
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alerts", alerts.stream().map(x -> AlertJson.alert(x, ctx.alerts().isSilenced(x, now))).toList());
        out.put("count", alerts.size());
        out.put("bySeverity", bySeverity);
        AlertJson.putSaveStatus(out, ctx.alerts());
        return new ToolAnswer(out, text + AlertJson.saveNote(ctx.alerts()));
    }

    private static ToolAnswer acknowledge(ToolContext ctx, Arguments a) throws InvalidArgumentException {
        a.rejectUnknown(Set.of("alertId", "acknowledgedBy", "notes"));
        String id = a.requiredString("alertId");
        String by = a.requiredName("acknowledgedBy");
        String notes = a.optionalString("notes");
        Alert acked;
        try {
            acked = ctx.alerts().acknowledge(id, by, notes, ctx.clock().wallMillis());
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("alertId", e.getMessage().replaceFirst("^alertId: ", ""));
        }
        Map<String, Object> out = AlertJson.alert(acked, false);
        AlertJson.putSaveStatus(out, ctx.alerts());
        return new ToolAnswer(out, "acknowledged " + id + " by " + by + AlertJson.saveNote(ctx.alerts()));
    }
}
