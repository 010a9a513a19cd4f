package io.mcpmonitor.mcp.server;

import io.mcpmonitor.core.store.InFlightTotals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The calls running now, as {@code list_servers} and {@code get_metrics} answer them: {@code inFlight}
 * objects {@code {"count": N, "oldestAgeMs": M}}, where {@code oldestAgeMs} is how long the oldest running
 * call has been running, or {@code null} when none runs. Read from the agents' in-flight snapshots, so as
 * fresh as their last flush; "now" whatever range the question was about.
 *
 * <p>Stateless and thread-safe.
 */
public final class InFlightJson {

    private InFlightJson() {
    }

    /** The calls running now in the store of {@code context}. */
    public static InFlightTotals now(ToolContext context) {
        return InFlightTotals.read(context.reader().store().root(), context.clock().wallMillis());
    }

    /** {@code {"count": N, "oldestAgeMs": M or null}}. */
    public static Map<String, Object> of(InFlightTotals.Count c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", c.count());
        m.put("oldestAgeMs", c.count() == 0 ? null : c.oldestAgeMillis());
        return m;
    }

    /**
     * For {@code get_metrics}: the total over the servers and tools asked for ({@code server} and
     * {@code tool} may be null: all), with {@code servers[]}, each with its {@code tools[]}, of those
     * with calls running.
     */
    public static Map<String, Object> forQuery(InFlightTotals now, String server, String tool) {
        List<Map<String, Object>> servers = new ArrayList<>();
        InFlightTotals.Count total = InFlightTotals.Count.NONE;
        for (String s : now.servers()) {
            if (server != null && !server.equals(s)) {
                continue;
            }
            List<Map<String, Object>> tools = new ArrayList<>();
            InFlightTotals.Count ofServer = InFlightTotals.Count.NONE;
            for (String t : now.tools(s)) {
                if (tool != null && !tool.equals(t)) {
                    continue;
                }
                InFlightTotals.Count c = now.tool(s, t);
                ofServer = sum(ofServer, c);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("toolName", t);
                m.putAll(of(c));
                tools.add(m);
            }
            if (tools.isEmpty()) {
                continue;
            }
            total = sum(total, ofServer);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mcpServer", s);
            m.putAll(of(ofServer));
            m.put("tools", tools);
            servers.add(m);
        }
        Map<String, Object> out = of(total);
        out.put("servers", servers);
        return out;
    }

    /** One line for the readable answers of an {@code inFlight} object, empty when nothing runs. */
    public static String text(Map<String, Object> inFlight) {
        long count = ((Number) inFlight.get("count")).longValue();
        if (count == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "in flight now: %d call%s, the oldest running for %.1f s", count,
                count == 1 ? "" : "s", ((Number) inFlight.get("oldestAgeMs")).longValue() / 1000.0);
    }

    private static InFlightTotals.Count sum(InFlightTotals.Count a, InFlightTotals.Count b) {
        if (a.count() == 0) {
            return b;
        }
        if (b.count() == 0) {
            return a;
        }
        return new InFlightTotals.Count(a.count() + b.count(), Math.max(a.oldestAgeMillis(), b.oldestAgeMillis()));
    }
}
