package io.mcpmonitor.core.detect;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One incident found by detection: one series (or one server's process, for resources) behaving
 * abnormally from {@code timestamp} to {@code lastSeen}. An incident that goes on is this same
 * anomaly, updated (same {@code id}, later {@code lastSeen}, possibly a higher severity), never a
 * new one per run.
 *
 * <p>Immutable and thread-safe. Never null components except {@code toolName}, which is null for
 * an anomaly of a server's process (CPU, heap) rather than of one tool.
 *
 * @param id              stable identity: the same incident has the same id in every run and after a restart
 * @param timestamp       onset: the start of the first abnormal minute
 * @param lastSeen        the start of the latest abnormal minute
 * @param status          {@code ongoing}, or {@code resolved} once the series was back to normal for ten minutes
 * @param provisional     true when seen only in a minute that is not over yet (not stored, may change)
 * @param description     one readable sentence: what moved, from what to what
 * @param recommendations what to look at, drawn from the context: top error messages, resource usage then,
 *                        a new process of the server, whether other tools of the server degraded too
 */
public record Anomaly(String id, Instant timestamp, Instant lastSeen, String mcpServer, String toolName,
                      AnomalyType anomalyType, Severity severity, String status, boolean provisional,
                      String description, AnomalyDetails details, List<String> recommendations) {

    public static final String ONGOING = "ongoing";
    public static final String RESOLVED = "resolved";

    public Anomaly {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(mcpServer, "mcpServer");
        Objects.requireNonNull(anomalyType, "anomalyType");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(details, "details");
        recommendations = List.copyOf(recommendations);
    }
}
