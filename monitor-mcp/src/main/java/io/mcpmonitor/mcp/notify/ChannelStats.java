package io.mcpmonitor.mcp.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one channel's delivery counts since the dispatcher started. Immutable; holds no secret
 * ({@code lastError} is a scrubbed message).
 *
 * @param name        the channel's name
 * @param type        {@code webhook}, {@code slack}, {@code google_chat}, {@code email}, {@code mcp_tool} or
 *                    {@code custom}
 * @param sent        notifications delivered (on any attempt)
 * @param failed      notifications given up after the last attempt, or left undelivered at close
 * @param retries     failed attempts that were followed by another attempt
 * @param dropped     notifications refused because the channel's queue was full
 * @param queued      notifications waiting or being sent now
 * @param lastError   the last failure's message
 * @param lastErrorAt when it happened
 * @param lastSentAt  when the last notification was delivered
 */
public record ChannelStats(String name, String type, long sent, long failed, long retries, long dropped, int queued,
                           Optional<String> lastError, Optional<Instant> lastErrorAt, Optional<Instant> lastSentAt) {

    /** As plain JSON values for a tool's {@code structuredContent}; absent values are left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        m.put("sent", sent);
        m.put("failed", failed);
        m.put("retries", retries);
        m.put("dropped", dropped);
        m.put("queued", queued);
        lastError.ifPresent(e -> m.put("lastError", e));
        lastErrorAt.ifPresent(t -> m.put("lastErrorAt", t.toString()));
        lastSentAt.ifPresent(t -> m.put("lastSentAt", t.toString()));
        return m;
    }
}
