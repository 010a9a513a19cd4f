package io.mcpmonitor.mcp.discovery;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.InFlightTotals;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InFlightJson;
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
 * counts over everything retained, and the calls running now ({@code inFlight}, per server and tool).
 * The first thing an assistant asks.
 */
public final class ListServersTool implements ToolModule {

    @Override
    public List<ToolDefinition> tools(ToolContext context) {
        return List.of(new ToolDefinition("list_servers", "List servers",
                "The MCP servers and tools that have reported calls, with when each was first and last seen, "
                        + "its call and error counts over the data retained, and the last time it reported; per server "
                        + "also the protocol versions its sessions negotiated (sessions per version) and its operations of "
                        + "other MCP methods (resources/read, prompts/get, initialize); inFlight: the calls running now "
                        + "(count, oldestAgeMs: how long the oldest has been running).",
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
        InFlightTotals now = InFlightJson.now(context);
        addRunningOnly(byServer, now, only);
        List<Map<String, Object>> servers = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (var e : byServer.entrySet()) {
            List<Map<String, Object>> tools = e.getValue();
            long calls = tools.stream().mapToLong(t -> (Long) t.get("calls")).sum();
            long errors = tools.stream().mapToLong(t -> (Long) t.get("errors")).sum();
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("mcpServer", e.getKey());
            server.put("firstSeen", tools.stream().map(t -> (String) t.get("firstSeen")).filter(java.util.Objects::nonNull)
                    .min(String::compareTo).orElse(null));
            server.put("lastSeen", tools.stream().map(t -> (String) t.get("lastSeen")).filter(java.util.Objects::nonNull)
                    .max(String::compareTo).orElse(null));
            server.put("calls", calls);
            server.put("errors", errors);
            Map<String, Object> inFlight = InFlightJson.of(now.server(e.getKey()));
            server.put("inFlight", inFlight);
            for (Map<String, Object> tool : tools) {
                tool.put("inFlight", InFlightJson.of(now.tool(e.getKey(), (String) tool.get("toolName"))));
            }
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
                    errors, server.get("lastSeen") == null ? "never (no tool call ended yet)" : server.get("lastSeen")));
            if (ops != null && !ops.protocolVersions().isEmpty()) {
                text.append("; protocol ").append(String.join(", ", ops.protocolVersions().stream()
                        .map(v -> v.version() + " (" + v.sessions() + (v.sessions() == 1 ? " session)" : " sessions)")).toList()));
            }
            String running = InFlightJson.text(inFlight);
            if (!running.isEmpty()) {
                text.append("; ").append(running);
            }
            text.append('\n');
        }
        if (servers.isEmpty()) {
            text.append(only == null ? "no server has reported yet" : "no calls of " + only + " in the store");
        }
        return StoreHealthNote.attach(new ToolAnswer(Map.of("servers", servers, "count", servers.size()), text.toString()),
                context.reader().stats());
    }

    /**
     * Servers and tools with calls running that no ended call has put in the store yet (a first call that
     * hangs): listed with no calls, so a hung call is visible while it hangs.
     */
    private static void addRunningOnly(Map<String, List<Map<String, Object>>> byServer, InFlightTotals now, String only) {
        for (String server : now.servers()) {
            if (only != null && !only.equals(server)) {
                continue;
            }
            List<Map<String, Object>> tools = byServer.computeIfAbsent(server, k -> new ArrayList<>());
            for (String name : now.tools(server)) {
                if (tools.stream().noneMatch(t -> name.equals(t.get("toolName")))) {
                    Map<String, Object> tool = new LinkedHashMap<>();
                    tool.put("toolName", name);
                    tool.put("firstSeen", null);
                    tool.put("lastSeen", null);
                    tool.put("calls", 0L);
                    tool.put("errors", 0L);
                    tools.add(tool);
                }
            }
        }
    }

    public static final String SCHEMA = """
            {"type": "object",
             "properties": {"mcpServer": {"type": "string", "description": "Only this server (default: all)."}},
             "additionalProperties": false}
            """;
}
