package io.mcpmonitor.mcp.cli;

import picocli.CommandLine.Option;

/** Which server and tool a command looks at: the MCP tools' names, with short aliases. Null = all. */
final class ScopeOption {

    @Option(names = {"--mcpServer", "--server"}, paramLabel = "NAME", description = "Only this server (default: all).")
    String server;

    @Option(names = {"--toolName", "--tool"}, paramLabel = "NAME", description = "Only this tool (default: all).")
    String tool;
}
