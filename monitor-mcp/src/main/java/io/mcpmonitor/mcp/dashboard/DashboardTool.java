package io.mcpmonitor.mcp.dashboard;

import io.mcpmonitor.core.health.Dashboard;
import io.mcpmonitor.core.health.HealthDashboard;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolModule;
import java.util.List;
import java.util.Set;

/**
 * {@code get_performance_dashboard}: every server's health score and status over the
 * last 15 minutes, scored against the alert rules in force (docs/DASHBOARD.md), with totals and the
 * system's health. {@code refreshInterval} is when the caller means to ask again; the answer says
 * when that is ({@code nextRefreshAt}).
 */
public final class DashboardTool implements ToolModule {

    static final int DEFAULT_REFRESH_SECONDS = 30;
    static final int MAX_REFRESH_SECONDS = 3600;

    @Override
    public List<ToolDefinition> tools(ToolContext context) {
        HealthDashboard health = new HealthDashboard(context.reader(), context.alerts());
        return List.of(new ToolDefinition("get_performance_dashboard", "Get performance dashboard",
                "Health of every MCP server over the last 15 minutes: a health score 0-100 and a status (healthy, "
                        + "degraded, critical) judged against the alert rules (p95 response time and error rate of its "
                        + "worst tool, open alerts, silence), with average and p95 response time (ms), error rate (%), "
                        + "calls and open alerts per server; totals and the system's health (its least healthy server).",
                SCHEMA, args -> handle(context, health, args)));
    }

    private static ToolAnswer handle(ToolContext context, HealthDashboard health, Arguments args) throws InvalidArgumentException {
        args.rejectUnknown(Set.of("refreshInterval"));
        Double refresh = args.optionalNumber("refreshInterval");
        int seconds = refresh == null ? DEFAULT_REFRESH_SECONDS : refresh.intValue();
        if (refresh != null && (refresh != Math.rint(refresh) || refresh < 1 || refresh > MAX_REFRESH_SECONDS)) {
            throw new InvalidArgumentException("refreshInterval", "must be a whole number of seconds from 1 to "
                    + MAX_REFRESH_SECONDS + ", was " + refresh);
        }
        context.readYourWrites();
        Dashboard d = health.compute(context.clock().wallMillis());
        return new ToolAnswer(DashboardJson.dashboard(d, seconds), DashboardJson.text(d, seconds));
    }

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "refreshInterval": {"type": "integer", "minimum": 1, "maximum": 3600,
                                   "description": "Seconds until the caller asks again (default 30); the answer gives nextRefreshAt."}
             },
             "additionalProperties": false}
            """;
}
