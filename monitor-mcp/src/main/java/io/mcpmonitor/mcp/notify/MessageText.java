package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import java.util.Map;

/** Text shaping shared by the chat and e-mail channels. Stateless and thread-safe. */
final class MessageText {

    private MessageText() {
    }

    /** The notification's text without a first line that only repeats the title (chat headers show it already). */
    static String body(Notification n) {
        String text = n.text().strip();
        if (text.startsWith(n.title())) {
            text = text.substring(n.title().length()).strip();
        }
        return text;
    }

    /** One line of context: {@code mcp-monitor · firing · critical · server · 2025-01-01T12:00:00Z}. */
    static String context(Notification n) {
        StringBuilder s = new StringBuilder("mcp-monitor · ").append(n.kind().wireName()).append(" · ").append(n.severity());
        if (!n.server().isEmpty()) {
            s.append(" · ").append(n.server());
        }
        return s.append(" · ").append(n.at()).toString();
    }

    /** A field value for people: whole numbers without ".0", others as JSON-ish text. */
    static String value(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return String.valueOf(d.longValue());
        }
        if (v instanceof Float f && f == Math.rint(f) && !Float.isInfinite(f) && Math.abs(f) < 1e7f) {
            return String.valueOf(f.longValue());
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Map<?, ?> || v instanceof Iterable<?>) {
            return NotificationJson.write(v);
        }
        return String.valueOf(v);
    }

    /** {@code s} cut to at most {@code maxChars}, ending in "…" when cut. */
    static String truncate(String s, int maxChars) {
        if (s.length() <= maxChars) {
            return s;
        }
        return s.substring(0, Math.max(0, maxChars - 1)) + "…";
    }
}
