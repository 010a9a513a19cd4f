package io.mcpmonitor.mcp.server;

import io.mcpmonitor.mcp.alert.AlertLifecycleTools;
import io.mcpmonitor.mcp.alert.AlertRuleTools;
import io.mcpmonitor.mcp.dashboard.DashboardTool;
import io.mcpmonitor.mcp.deploy.DeploymentTools;
import io.mcpmonitor.mcp.detect.DetectAnomaliesTool;
import io.mcpmonitor.mcp.discovery.ListServersTool;
import io.mcpmonitor.mcp.ingest.TrackPerformanceTool;
import io.mcpmonitor.mcp.query.GetMetricsTool;
import io.mcpmonitor.mcp.report.GeneratePerformanceReportTool;
import java.util.List;

/** The capabilities the sidecar serves, in the order their tools are listed. Add a module here. */
public final class SidecarTools {

    private SidecarTools() {
    }

    public static List<ToolModule> all() {
        return List.of(new TrackPerformanceTool(), new GetMetricsTool(), new ListServersTool(), new AlertRuleTools(),
                new AlertLifecycleTools(), new DetectAnomaliesTool(),
                new GeneratePerformanceReportTool(), new DashboardTool(), new DeploymentTools());
    }
}
