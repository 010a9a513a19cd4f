package io.mcpmonitor.core.report;

import java.util.List;
import java.util.Objects;

/** One server over the report's range: its totals and trends, and its tools by name. Immutable. */
public record ServerReport(String server, Comparison totals, List<ToolReport> tools) {

    public ServerReport {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(totals, "totals");
        tools = List.copyOf(tools);
    }
}
