package io.mcpmonitor.core.report;

import io.mcpmonitor.core.store.ErrorCount;
import java.util.List;
import java.util.Map;

/**
 * A tool ranked by {@link FailingTools}: how many of its calls did not succeed, by outcome, and its
 * most frequent error messages (at most {@value FailingTools#TOP_MESSAGES}). Immutable.
 *
 * @param errorRate percent of calls that did not succeed, as {@code get_metrics} answers it
 */
public record FailingTool(int rank, String server, String tool, long calls, long errors, double errorRate,
                          Map<String, Long> errorsByOutcome, List<ErrorCount> topErrors) {

    public FailingTool {
        errorsByOutcome = Map.copyOf(errorsByOutcome);
        topErrors = List.copyOf(topErrors);
    }
}
