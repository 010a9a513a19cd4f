package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.mcp.server.ToolAnswer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code list_servers} for a person: each server's tools with calls, errors, first and last seen (UTC). */
@Command(name = "servers", mixinStandardHelpOptions = true,
        description = "The servers and tools that have reported, with calls, errors, first and last seen (list_servers).")
final class ServersCommand extends ToolCommand {

    @Option(names = {"--mcpServer", "--server"}, paramLabel = "NAME", description = "Only this server (default: all).")
    String server;

    ServersCommand() {
        super("list_servers");
    }

    @Override
    Map<String, Object> arguments() {
        return LocalTools.args("mcpServer", server);
    }

    @Override
    @SuppressWarnings("unchecked")
    void print(PrintWriter out, ToolAnswer answer, LocalTools tools) {
        List<Map<String, Object>> servers = (List<Map<String, Object>>) answer.structured().get("servers");
        if (servers.isEmpty()) {
            out.println(server == null ? "no server has reported yet" : "no calls of " + server + " in the store");
            return;
        }
        Table t = new Table("server", "tool", "calls>", "errors>", "first seen (UTC)", "last seen (UTC)");
        long toolCount = 0;
        for (Map<String, Object> s : servers) {
            for (Map<String, Object> tool : (List<Map<String, Object>>) s.get("tools")) {
                t.row(s.get("mcpServer"), tool.get("toolName"), tool.get("calls"), tool.get("errors"),
                        Table.second((String) tool.get("firstSeen")), Table.second((String) tool.get("lastSeen")));
                toolCount++;
            }
        }
        t.print(out);
        out.printf("%n%s, %s%n", Table.count(servers.size(), "server"), Table.count(toolCount, "tool"));
    }
}
