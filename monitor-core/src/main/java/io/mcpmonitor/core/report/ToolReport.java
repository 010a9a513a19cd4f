package io.mcpmonitor.core.report;

import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.query.Trend;
import java.util.Objects;

/**
 * One tool of one server over the report's range: the {@code get_metrics} summary for exactly that
 * series, and its trend against the previous period. Immutable.
 */
public record ToolReport(String server, String tool, Summary summary, Trend previousPeriod) {

    public ToolReport {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(previousPeriod, "previousPeriod");
    }

    /** Calls that did not succeed. */
    public long errors() {
        return summary.errorsByOutcome().values().stream().mapToLong(Long::longValue).sum();
    }
}
