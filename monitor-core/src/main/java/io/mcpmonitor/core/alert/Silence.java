package io.mcpmonitor.core.alert;

import java.util.Objects;

/**
 * Mutes notifications of alerts matching server / tool / metric (null = any) until {@code endsMillis}.
 * Muted alerts still exist and are listed (marked silenced); they just notify no one.
 */
public record Silence(String id, String server, String tool, AlertMetric metric, long startsMillis, long endsMillis,
                      String createdBy, String reason) {

    public Silence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdBy, "createdBy");
        reason = reason == null ? "" : reason;
        if (endsMillis <= startsMillis) {
            throw new IllegalArgumentException("durationMinutes: must be > 0");
        }
    }

    boolean matches(Alert a, long now) {
        return now >= startsMillis && now < endsMillis
                && (server == null || server.equals(a.server()))
                && (tool == null || tool.equals(a.tool()))
                && (metric == null || metric == a.metric());
    }
}
