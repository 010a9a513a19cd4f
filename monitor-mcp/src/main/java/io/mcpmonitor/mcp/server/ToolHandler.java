package io.mcpmonitor.mcp.server;

/** The logic of one tool: validated arguments in, an answer out; bad input is thrown, never answered. */
@FunctionalInterface
public interface ToolHandler {
    ToolAnswer handle(Arguments args) throws InvalidArgumentException;
}
