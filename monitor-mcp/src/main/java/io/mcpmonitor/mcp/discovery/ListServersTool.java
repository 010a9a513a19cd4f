package io.mcpmonitor.mcp.discovery;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.StoreHealthNote;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code list_servers}: which servers and tools the store knows, with first and last seen and call
 * counts over everything retained. The first thing an assistant asks.
 */
public final class ListServersTool implements ToolModule {

    @Override
    public List<ToolDefinition> tools(ToolContext context) {
        return List.of(new ToolDefinition("list_servers", "List servers",
                "The MCP servers and tools that have reported calls, with when each was first and last seen, "
                        + "its call and error counts over the data retained, and the last time it reported; per server "
                        + "also the protocol versions its sessions negotiated (sessions per version) and its operations of "
                        + "other MCP methods (resources/read, prompts/get, initialize).",
                SCHEMA, args -> handle(context, args)));
    }

    private static ToolAnswer handle(ToolContext context, Arguments args) throws InvalidArgumentException {
        args.rejectUnknown(Set.of("mcpServer"));
        String only = args.optionalName("mcpServer");
        context.readYourWrites();
        Map<String, ServerOperations.Of> operations = new TreeMap<>();
        Map<String, List<Map<String, Object>>> byServer = context.reader().read(ix -> {
            operations.putAll(ServerOperations.read(ix, only));
            Map<String, List<Map<String, Object>>> out = new TreeMap<>();
            List<StoreIndex.Series> all = new ArrayList<>(ix.series());
            all.sort(Comparator.comparing(StoreIndex.Series::key));
            for (StoreIndex.Series s : all) {
                if (only != null && !only.equals(s.key().server())) {
                    continue;
                }
                long[] counts = new long[2];
                ix.fold(s, s.firstSeenMillis(), s.lastSeenMillis(), Resolution.DAY, b -> {
                    counts[0] += b.totalCalls();
                    counts[1] += b.totalCalls() - b.count(Outcome.SUCCESS);
                });
                Map<String, Object> tool = new LinkedHashMap<>();
                tool.put("toolName", s.key().tool());
                tool.put("firstSeen", Instant.ofEpochMilli(s.firstSeenMillis()).toString());
                tool.put("lastSeen", Instant.ofEpochMilli(s.lastSeenMillis()).toString());
                tool.put("calls", counts[0]);
                tool.put("errors", counts[1]);
                out.computeIfAbsent(s.key().server(), k -> new ArrayList<>()).add(tool);
            }
            operations.keySet().forEach(server -> out.computeIfAbsent(server, k -> new ArrayList<>()));
            return out;
        });
        List<Map<String, Object>> servers = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (var e : byServer.entrySet()) {
            List<Map<String, Object>> tools = e.getValue();
            long calls = tools.stream().mapToLong(t -> (Long) t.get("calls")).sum();
            long errors = tools.stream().mapToLong(t -> (Long) t.get("errors")).sum();
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("mcpServer", e.getKey());
            server.put("firstSeen", tools.stream().map(t -> (String) t.get("firstSeen")).min(String::compareTo).orElse(null));
            server.put("lastSeen", tools.stream().map(t -> (String) t.get("lastSeen")).max(String::compareTo).orElse(null));
            server.put("calls", calls);
            server.put("errors", errors);
            server.put("tools", tools);
            ServerOperations.Of ops = operations.get(e.getKey());
            server.put("protocolVersions", ops == null ? List.of() : ops.protocolVersions().stream().map(v -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("protocolVersion", v.version());
                m.put("sessions", v.sessions());
                m.put("lastSeen", v.lastSeen());
                return m;
            }).toList());
            Map<String, Object> byMethod = new LinkedHashMap<>();
            if (ops != null) {
                ops.operations().forEach((method, c) -> byMethod.put(method, Map.of("calls", c.calls(), "errors", c.errors())));
            }
            server.put("operations", byMethod);
            servers.add(server);
            text.append(String.format("%s: %d tools, %d calls, %d errors, last seen %s", e.getKey(), tools.size(), calls,
                    errors, server.get("lastSeen")));
            if (ops != null && !ops.protocolVersions().isEmpty()) {
                text.append("; protocol ").append(String.join(", ", ops.protocolVersions().stream()
                        .map(v -> v.version() + " (" + v.sessions() + (v.sessions() == 1 ? " session)" : " sessions)")).toList()));
            }
            text.append('\n');
        }
        if (servers.isEmpty()) {
            text.append(only == null ? "no server has reported yet" : "no calls of " + only + " in the store");
        }
        return StoreHealthNote.attach(new ToolAnswer(Map.of("servers", servers, "count", servers.size()), text.toString()),
                context.reader().stats());
    }

    public static final String SCHEMA = """
            {"type": "object",
             "properties": {"mcpServer": {"type": "string", "description": "Only this server (default: all)."}},
             "additionalProperties": false}
            """;
}
