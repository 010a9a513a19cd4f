package io.mcpmonitor.core.store;

import io.mcpmonitor.core.call.McpMethod;
import java.util.Objects;

/**
 * A series: one tool of one server, or, for another MCP method ({@link McpMethod}), one name of that method
 * (a resource's URI template, a prompt's name). {@code tool} is that name. Names are any strings, empty
 * included; never null. Series of {@link McpMethod#TOOLS_CALL} sort first.
 */
public record SeriesKey(String server, String tool, String method) implements Comparable<SeriesKey> {

    /** A tools/call series. */
    public SeriesKey(String server, String tool) {
        this(server, tool, McpMethod.TOOLS_CALL);
    }

    public SeriesKey {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(method, "method");
    }

    /** Whether this is a tools/call series (what every answer about tools reads). */
    public boolean isToolCall() {
        return method.equals(McpMethod.TOOLS_CALL);
    }

    @Override
    public int compareTo(SeriesKey o) {
        int c = Boolean.compare(!isToolCall(), !o.isToolCall());
        if (c == 0) {
            c = method.compareTo(o.method);
        }
        if (c == 0) {
            c = server.compareTo(o.server);
        }
        return c != 0 ? c : tool.compareTo(o.tool);
    }
}
