package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notifier;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Posts alerts to Alertmanager's v2 API ({@code POST <url>/api/v2/alerts}), so a team's routing,
 * silences, inhibitions and on-call stay in Alertmanager.
 *
 * <p>One notification becomes one Alertmanager alert (a digest, one per folded notification) whose
 * identity is its labels: {@code alertname} (the same names the exported Prometheus rules use, e.g.
 * {@code McpMonitorResponseTime}), {@code severity}, {@code mcp_server_name}, {@code gen_ai_tool_name},
 * {@code mcp_monitor_alert_id}, plus the channel's static {@code labels}. Annotations carry the
 * title, the text and the values. {@code startsAt} is when the alert started; a firing alert's
 * {@code endsAt} is {@code holdFor} ahead (Alertmanager would otherwise resolve it by itself after
 * its resolve timeout, as the sidecar re-sends only reminders); a resolved one's {@code endsAt} is
 * the time it resolved. When the severity changes, the alert under the old severity is resolved in
 * the same post, so Alertmanager never shows the same problem twice.
 *
 * <p>Thread-safe; secrets as {@link WebhookNotifier}.
 */
final class AlertmanagerNotifier implements Notifier {

    static final String PATH = "/api/v2/alerts";

    private final String name;
    private final HttpJsonSender sender;
    private final Map<String, String> staticLabels;
    private final Duration holdFor;

    AlertmanagerNotifier(String name, URI base, Map<String, String> headers, Map<String, String> staticLabels,
                         Duration holdFor, Duration timeout, Secrets secrets) {
        this.name = name;
        String b = base.toString();
        this.sender = new HttpJsonSender(describe(), URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + PATH),
                headers, timeout, secrets);
        this.staticLabels = Map.copyOf(staticLabels);
        this.holdFor = holdFor;
    }

    @Override
    public String describe() {
        return "alertmanager:" + name;
    }

    String redactedUrl() {
        return sender.redactedUrl();
    }

    @Override
    public void send(Notification n) throws NotificationFailure {
        List<Map<String, Object>> alerts = new ArrayList<>();
        if (n.kind() == Notification.Kind.DIGEST) {
            n.alerts().forEach(a -> add(alerts, a));
        } else {
            add(alerts, n);
        }
        if (!alerts.isEmpty()) {
            sender.post(NotificationJson.write(alerts));
        }
    }

    /** The Alertmanager alerts of one notification: the alert, and the resolution of its old severity if it changed. */
    private void add(List<Map<String, Object>> out, Notification n) {
        Map<String, Object> f = n.fields();
        String severity = str(f.get("severity"), n.severity());
        boolean resolved = n.kind() == Notification.Kind.RESOLVED || n.kind() == Notification.Kind.ANOMALY_RESOLVED;
        Instant startsAt = instant(f.get("startsAt"), n.at());
        Instant endsAt = resolved ? n.at() : n.at().plus(holdFor);
        out.add(alert(n, severity, startsAt, endsAt));
        String previous = n.kind() == Notification.Kind.DEESCALATED ? n.severity() : str(f.get("previousSeverity"), null);
        if (!resolved && previous != null && !previous.equals(severity)) {
            out.add(alert(n, previous, startsAt, n.at()));
        }
    }

    private Map<String, Object> alert(Notification n, String severity, Instant startsAt, Instant endsAt) {
        Map<String, Object> f = n.fields();
        Map<String, String> labels = new TreeMap<>(staticLabels);
        labels.put("alertname", alertName(n));
        labels.put("severity", severity);
        labels.put("source", "mcp-monitor");
        putIfPresent(labels, "mcp_server_name", str(f.get("mcpServer"), n.server()));
        putIfPresent(labels, "gen_ai_tool_name", str(f.get("toolName"), ""));
        putIfPresent(labels, "mcp_monitor_metric", str(f.get("metric"), ""));
        putIfPresent(labels, "mcp_monitor_alert_id", str(f.containsKey("alertId") ? f.get("alertId")
                : f.containsKey("anomalyId") ? f.get("anomalyId") : f.get("deploymentId"), ""));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", n.title());
        annotations.put("description", n.text());
        for (String k : List.of("currentValue", "threshold", "unit", "statistic", "ruleId", "status")) {
            putIfPresent(annotations, k, str(f.get(k), ""));
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("labels", labels);
        a.put("annotations", annotations);
        a.put("startsAt", startsAt.toString());
        a.put("endsAt", endsAt.toString());
        return a;
    }

    /** Matches the alert names of the exported Prometheus rules, so one route serves both. */
    static String alertName(Notification n) {
        return switch (n.kind()) {
            case ANOMALY, ANOMALY_RESOLVED -> "McpMonitorAnomaly";
            case DEPLOYMENT_REGRESSION -> "McpMonitorDeploymentRegression";
            default -> {
                String metric = str(n.fields().get("metric"), "alert");
                StringBuilder b = new StringBuilder("McpMonitor");
                for (String part : metric.split("_")) {
                    if (!part.isEmpty()) {
                        b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
                    }
                }
                yield b.toString();
            }
        };
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    private static String str(Object v, String dflt) {
        return v == null ? dflt : v.toString();
    }

    private static Instant instant(Object v, Instant dflt) {
        try {
            return v == null ? dflt : Instant.parse(v.toString());
        } catch (java.time.format.DateTimeParseException e) {
            return dflt;
        }
    }
}
