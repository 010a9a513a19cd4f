package io.mcpmonitor.core.query;

import io.mcpmonitor.core.store.ErrorCount;
import java.util.List;
import java.util.Map;

/**
 * The totals of a query over all matching series. Durations in milliseconds (0 when there were no
 * calls), {@code errorRate} in percent of calls that did not succeed, {@code errorsByOutcome}
 * keyed by outcome wire name (only outcomes that occurred), {@code topErrors} most frequent first.
 */
public record Summary(long totalCalls, double avgResponseTime, double p50ResponseTime, double p95ResponseTime,
                      double p99ResponseTime, double minResponseTime, double maxResponseTime, double errorRate,
                      Map<String, Long> errorsByOutcome, List<ErrorCount> topErrors) {

    public Summary {
        errorsByOutcome = Map.copyOf(errorsByOutcome);
        topErrors = List.copyOf(topErrors);
    }
}
