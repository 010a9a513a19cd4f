package io.mcpmonitor.core.report;

import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.query.Trend;
import java.util.Objects;

/**
 * The totals of a scope (everything, or one server) over the report's range, with the two trends a
 * report shows: against the previous period of equal length, and week over week (the same range
 * seven days earlier). Immutable.
 */
public record Comparison(Summary summary, Trend previousPeriod, Trend weekOverWeek) {

    public Comparison {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(previousPeriod, "previousPeriod");
        Objects.requireNonNull(weekOverWeek, "weekOverWeek");
    }
}
