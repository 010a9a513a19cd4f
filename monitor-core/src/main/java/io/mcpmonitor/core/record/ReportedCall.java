package io.mcpmonitor.core.record;

import io.mcpmonitor.core.call.Outcome;
import java.util.Objects;

/**
 * A call reported after the fact (by a server that is not instrumented in-process), to be stored in
 * the minute it happened.
 *
 * @param epochMillis   when it happened, wall time
 * @param server        the server's name
 * @param tool          the tool's name
 * @param durationNanos how long it took, nanoseconds, {@code >= 0}
 * @param outcome       how it ended
 * @param errorType     the error's type for an error outcome, else null
 * @param errorMessage  the error's message, or null
 */
public record ReportedCall(long epochMillis, String server, String tool, long durationNanos, Outcome outcome,
                           String errorType, String errorMessage) {

    public ReportedCall {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(outcome, "outcome");
        if (durationNanos < 0) {
            throw new IllegalArgumentException("durationNanos must be >= 0, was " + durationNanos);
        }
    }
}
