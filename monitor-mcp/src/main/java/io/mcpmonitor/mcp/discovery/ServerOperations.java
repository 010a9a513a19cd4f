package io.mcpmonitor.mcp.discovery;

import io.mcpmonitor.core.call.McpMethod;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code list_servers} tells of a server besides its tools, from the series of the other MCP methods: the
 * protocol versions its sessions negotiated at {@code initialize} (sessions per version, successful initialize
 * only, with when it was last negotiated), and how many operations of each other method it served (calls and
 * errors of {@code resources/read}, {@code prompts/get}, {@code initialize}). Read under the reader's lock;
 * not thread-safe on its own.
 */
final class ServerOperations {

    /** Sessions that negotiated one protocol version. */
    record ProtocolVersion(String version, long sessions, String lastSeen) {
    }

    /** Operations of one method: all of them, and those that did not succeed. */
    record MethodCount(long calls, long errors) {
    }

    /** One server's protocol versions (most sessions first) and operation counts by method (in McpMethod order). */
    record Of(List<ProtocolVersion> protocolVersions, Map<String, MethodCount> operations) {
    }

    private ServerOperations() {
    }

    /** Per server that has any series of another method; {@code only} restricts to one server (null = all). */
    static Map<String, Of> read(StoreIndex ix, String only) {
        Map<String, Map<String, long[]>> versions = new TreeMap<>(); // server -> version -> {sessions, lastSeen}
        Map<String, Map<String, long[]>> methods = new TreeMap<>(); // server -> method -> {calls, errors}
        for (StoreIndex.Series s : ix.operationSeries()) {
            String server = s.key().server();
            if (only != null && !only.equals(server)) {
                continue;
            }
            long[] counts = new long[2];
            ix.fold(s, s.firstSeenMillis(), s.lastSeenMillis(), Resolution.DAY, b -> {
                counts[0] += b.totalCalls();
                counts[1] += b.totalCalls() - b.count(Outcome.SUCCESS);
            });
            long[] m = methods.computeIfAbsent(server, k -> new TreeMap<>()).computeIfAbsent(s.key().method(), k -> new long[2]);
            m[0] += counts[0];
            m[1] += counts[1];
            if (s.key().method().equals(McpMethod.INITIALIZE) && counts[0] > counts[1]) {
                long[] v = versions.computeIfAbsent(server, k -> new TreeMap<>()).computeIfAbsent(s.key().tool(), k -> new long[2]);
                v[0] += counts[0] - counts[1];
                v[1] = Math.max(v[1], s.lastSeenMillis());
            }
        }
        Map<String, Of> out = new TreeMap<>();
        methods.forEach((server, byMethod) -> {
            List<ProtocolVersion> pv = new ArrayList<>();
            versions.getOrDefault(server, Map.of()).forEach((v, n) ->
                    pv.add(new ProtocolVersion(v, n[0], Instant.ofEpochMilli(n[1]).toString())));
            pv.sort((a, b) -> a.sessions() != b.sessions() ? Long.compare(b.sessions(), a.sessions())
                    : b.version().compareTo(a.version()));
            Map<String, MethodCount> ops = new LinkedHashMap<>();
            for (String method : McpMethod.ALL) {
                long[] c = byMethod.get(method);
                if (c != null) {
                    ops.put(method, new MethodCount(c[0], c[1]));
                }
            }
            out.put(server, new Of(List.copyOf(pv), ops));
        });
        return out;
    }
}
