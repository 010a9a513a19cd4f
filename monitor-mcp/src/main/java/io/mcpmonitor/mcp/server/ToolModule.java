package io.mcpmonitor.mcp.server;

import java.util.List;

/**
 * One capability of the sidecar (ingest, metrics, discovery, and later detection, alerts, reports)
 * contributing its own tools. The server lists its modules and registers whatever they return, so a
 * new capability adds a module without touching the others.
 */
public interface ToolModule {

    /** The tools of this capability, bound to {@code context}. */
    List<ToolDefinition> tools(ToolContext context);
}
