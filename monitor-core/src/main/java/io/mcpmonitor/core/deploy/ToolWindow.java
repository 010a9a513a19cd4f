package io.mcpmonitor.core.deploy;

import java.util.Objects;

/**
 * What one tool did in one window: its latency distribution, its calls and the calls that failed
 * (any outcome but success), and the window's length in minutes (for throughput).
 */
public record ToolWindow(LatencySample latency, long calls, long errors, double minutes) {

    public ToolWindow {
        Objects.requireNonNull(latency, "latency");
        if (calls < 0 || errors < 0 || errors > calls) {
            throw new IllegalArgumentException("errors must be in [0, calls], was " + errors + " of " + calls);
        }
        if (!(minutes > 0)) {
            throw new IllegalArgumentException("minutes must be positive, was " + minutes);
        }
    }

    /** Ten times the traffic of the same shape (for checking that verdicts do not depend on volume). */
    public ToolWindow scaled(long factor) {
        return new ToolWindow(latency.scaledCounts(factor), calls * factor, errors * factor, minutes);
    }
}
