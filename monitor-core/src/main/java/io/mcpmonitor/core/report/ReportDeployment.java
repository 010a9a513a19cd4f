package io.mcpmonitor.core.report;

import java.time.Instant;
import java.util.Objects;

/**
 * A deployment in a report's range, with the verdict the sidecar gave it ({@code pass},
 * {@code marginal}, {@code fail}, {@code not_enough_data}, or {@code not judged} yet). Immutable;
 * the strings come from outside: escape them.
 */
public record ReportDeployment(Instant at, String server, String version, String previousVersion, String environment,
                               String verdict, boolean doNotPromote) {

    public ReportDeployment {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(previousVersion, "previousVersion");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** The marker label on charts: {@code billing 2.1 (fail)}. */
    public String label() {
        return server + " " + version + " (" + verdict + ")";
    }
}
