package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notification.Kind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Notifications shaped like the alert engine's (io.mcpmonitor.core.alert.AlertMessages). */
final class SampleNotifications {

    static final Instant AT = Instant.parse("2025-03-01T12:00:00Z");

    private SampleNotifications() {
    }

    static Map<String, Object> fields(String alertId, String severity, double value) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("alertId", alertId);
        f.put("status", "active");
        f.put("severity", severity);
        f.put("mcpServer", "example-server");
        f.put("toolName", "slow_query");
        f.put("metric", "response_time");
        f.put("statistic", "p95");
        f.put("currentValue", value);
        f.put("threshold", 500.0);
        f.put("unit", "ms");
        f.put("count", 1);
        return f;
    }

    static Notification of(Kind kind, String severity, String alertId) {
        String title = "[" + severity.toUpperCase() + "] example-server/slow_query: p95 response time 812.5 ms > 500 ms";
        String text = title + "\nsince 2025-03-01T11:55:00Z\nacknowledge to stop notifications: acknowledge_alert "
                + "{\"alertId\": \"" + alertId + "\", \"acknowledgedBy\": \"<you>\"}\n";
        return new Notification(kind, severity, "example-server", title, text, fields(alertId, severity, 812.5), AT, List.of());
    }

    static Notification critical() {
        return of(Kind.FIRING, "critical", "alt-critical-1");
    }

    static Notification warning() {
        return of(Kind.FIRING, "warning", "alt-warning-1");
    }

    static Notification digest() {
        List<Notification> folded = List.of(of(Kind.FIRING, "warning", "alt-a"), of(Kind.REMINDER, "warning", "alt-b"));
        String title = "[DIGEST] example-server: 2 notifications held back by the rate limit";
        StringBuilder text = new StringBuilder(title).append('\n');
        folded.forEach(n -> text.append("- ").append(n.title()).append('\n'));
        return new Notification(Kind.DIGEST, "warning", "example-server", title, text.toString(), Map.of("count", 2), AT,
                folded);
    }
}
