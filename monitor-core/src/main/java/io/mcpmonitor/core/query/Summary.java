package io.mcpmonitor.core.query;

import io.mcpmonitor.core.store.ErrorCount;
import java.util.List;
import java.util.Map;

/**
 * The totals of a query over all matching series. Durations in milliseconds, {@code errorRate} in
 * percent of calls that did not succeed — each NaN when there were no calls (no data: {@code null}
 * in JSON, "no data" in text, never 0) — {@code errorsByOutcome} keyed by outcome wire name (only
 * outcomes that occurred), {@code topErrors} most frequent first.
 */
public record Summary(long totalCalls, double avgResponseTime, double p50ResponseTime, double p95ResponseTime,
                      double p99ResponseTime, double minResponseTime, double maxResponseTime, double errorRate,
                      Map<String, Long> errorsByOutcome, List<ErrorCount> topErrors) {

    /** No calls: every value NaN. */
    public static final Summary NONE = none(Map.of(), List.of());

    public Summary {
        errorsByOutcome = Map.copyOf(errorsByOutcome);
        topErrors = List.copyOf(topErrors);
    }

    static Summary none(Map<String, Long> errorsByOutcome, List<ErrorCount> topErrors) {
        double n = Double.NaN;
        return new Summary(0, n, n, n, n, n, n, n, errorsByOutcome, topErrors);
    }

    /** Whether there were calls, so the durations and the error rate are numbers. */
    public boolean hasData() {
        return totalCalls > 0;
    }
}
