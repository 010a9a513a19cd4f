package io.mcpmonitor.mcp.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpmonitor.core.notify.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Notification} as plain JSON values: the generic webhook's body and the context of
 * {@link ArgumentTemplate} placeholders. Stateless and thread-safe.
 *
 * <pre>{"formatVersion": 1, "source": "mcp-monitor", "kind": "firing", "severity": "critical", "server": "...",
 *  "title": "...", "text": "...", "fields": {...}, "at": "2025-01-01T12:00:00Z", "alerts": [ ...same without
 *  formatVersion and source... ]}</pre>
 */
final class NotificationJson {

    /** Version of the webhook body; bump it when a field changes meaning or disappears. */
    static final int FORMAT_VERSION = 1;
    static final ObjectMapper MAPPER = new ObjectMapper();

    private NotificationJson() {
    }

    static Map<String, Object> envelope(Notification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("formatVersion", FORMAT_VERSION);
        m.put("source", "mcp-monitor");
        m.putAll(body(n));
        return m;
    }

    static Map<String, Object> body(Notification n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", n.kind().wireName());
        m.put("severity", n.severity());
        m.put("server", n.server());
        m.put("title", n.title());
        m.put("text", n.text());
        m.put("fields", new LinkedHashMap<>(n.fields()));
        m.put("at", n.at().toString());
        List<Object> alerts = new ArrayList<>();
        for (Notification a : n.alerts()) {
            alerts.add(body(a));
        }
        m.put("alerts", alerts);
        return m;
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Only plain JSON values reach here (Notification's contract); this is a programming error.
            throw new IllegalStateException("notification is not plain JSON: " + e.getOriginalMessage(), e);
        }
    }
}
