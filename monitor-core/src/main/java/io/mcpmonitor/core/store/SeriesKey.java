package io.mcpmonitor.core.store;

import java.util.Objects;

/** A series: one tool of one server. Names are any strings, empty included; never null. */
public record SeriesKey(String server, String tool) implements Comparable<SeriesKey> {

    public SeriesKey {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tool, "tool");
    }

    @Override
    public int compareTo(SeriesKey o) {
        int c = server.compareTo(o.server);
        return c != 0 ? c : tool.compareTo(o.tool);
    }
}
