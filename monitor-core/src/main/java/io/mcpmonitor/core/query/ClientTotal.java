package io.mcpmonitor.core.query;

/**
 * One calling client's tool calls over a range, all matching series together: its calls and how many of them
 * failed (any outcome but success). {@code client} is the label {@code name/version} of its {@code clientInfo}.
 */
public record ClientTotal(String client, long calls, long errors) {

    /** Percent of the client's calls that failed; NaN without calls. */
    public double errorRate() {
        return calls == 0 ? Double.NaN : MetricsQueries.round(100.0 * errors / calls);
    }
}
