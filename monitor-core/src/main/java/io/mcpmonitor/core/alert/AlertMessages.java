package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.notify.Notification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Words for alerts: the notification of each kind, with the alert as data. */
final class AlertMessages {

    private AlertMessages() {
    }

    /**
     * The notification of {@code kind} about {@code a} at {@code now}; {@code previous} is the severity
     * before a raise ({@code FIRING}) or a lowering ({@code DEESCALATED}), else null.
     */
    static Notification of(Notification.Kind kind, Alert a, Severity previous, long now) {
        String sev = a.severity().wireName().toUpperCase(Locale.ROOT);
        String head = switch (kind) {
            case RESOLVED -> "[RESOLVED] ";
            case ESCALATED -> "[ESCALATED " + sev + "] ";
            case REMINDER -> "[STILL " + sev + "] ";
            default -> "[" + sev + "] ";
        };
        String tail = previous == null ? ""
                : kind == Notification.Kind.DEESCALATED ? " (down from " + previous.wireName() + ")"
                : " (up from " + previous.wireName() + ")";
        String title = head + series(a) + ": " + (kind == Notification.Kind.RESOLVED ? describeResolved(a) : describe(a)) + tail;
        StringBuilder text = new StringBuilder();
        text.append(title).append('\n');
        text.append("since ").append(Instant.ofEpochMilli(a.startsMillis()));
        if (a.count() > 1) {
            text.append(", fired ").append(a.count()).append(" times");
        }
        text.append('\n');
        if (kind == Notification.Kind.RESOLVED) {
            text.append("resolved at ").append(Instant.ofEpochMilli(now)).append(" (").append(a.resolution()).append(")\n");
        } else {
            text.append("acknowledge to stop notifications: acknowledge_alert {\"alertId\": \"").append(a.id())
                    .append("\", \"acknowledgedBy\": \"<you>\"}\n");
        }
        Map<String, Object> fields = fields(a);
        if (previous != null) {
            fields.put("previousSeverity", previous.wireName());
        }
        // A lowering goes out as critical, so the channels told of the critical problem hear it is over.
        String routedAs = kind == Notification.Kind.DEESCALATED && previous != null ? previous.wireName() : a.severity().wireName();
        return new Notification(kind, routedAs, a.server(), title, text.toString(), fields, Instant.ofEpochMilli(now), List.of());
    }

    static Notification digest(String server, List<Notification> folded, long now) {
        String severity = folded.stream().anyMatch(n -> n.severity().equals("critical")) ? "critical" : "warning";
        String title = "[DIGEST] " + server + ": " + folded.size() + " notifications held back by the rate limit";
        StringBuilder text = new StringBuilder(title).append('\n');
        for (Notification n : folded) {
            text.append("- ").append(n.title()).append('\n');
        }
        return new Notification(Notification.Kind.DIGEST, severity, server, title, text.toString(),
                Map.of("count", folded.size()), Instant.ofEpochMilli(now), folded);
    }

    static String series(Alert a) {
        return a.tool().isEmpty() ? a.server() : a.server() + "/" + a.tool();
    }

    static String describe(Alert a) {
        return switch (a.metric()) {
            case RESPONSE_TIME -> String.format(Locale.ROOT, "%s response time %.1f ms > %s ms", a.statistic(), a.currentValue(),
                    num(a.threshold()));
            case ERROR_RATE -> String.format(Locale.ROOT, "error rate %.2f %% > %s %%", a.currentValue(), num(a.threshold()));
            case CPU -> String.format(Locale.ROOT, "CPU %.1f %% > %s %%", a.currentValue(), num(a.threshold()));
            case MEMORY -> String.format(Locale.ROOT, "heap %.1f %% of max > %s %%", a.currentValue(), num(a.threshold()));
            case NO_DATA -> String.format(Locale.ROOT, "no data for %.0f min (> %s min)", a.currentValue(), num(a.threshold()));
            case RESULT_SIZE -> String.format(Locale.ROOT, "%s result size %.0f bytes > %s bytes", a.statistic(), a.currentValue(),
                    num(a.threshold()));
        };
    }

    /** The value at resolution against the threshold, and the peak while it was open. */
    static String describeResolved(Alert a) {
        if (a.metric() == AlertMetric.NO_DATA) {
            return Double.isNaN(a.peakValue()) ? "reporting again"
                    : String.format(Locale.ROOT, "reporting again after %.0f min without data", a.peakValue());
        }
        String unit = a.metric().unit();
        String what = switch (a.metric()) {
            case RESPONSE_TIME -> a.statistic() + " response time";
            case ERROR_RATE -> "error rate";
            case CPU -> "CPU";
            case MEMORY -> "heap";
            case NO_DATA -> "no data"; // not reached: worded above
            case RESULT_SIZE -> a.statistic() + " result size";
        };
        String now = Double.isNaN(a.currentValue()) ? ": too few calls to judge now"
                : String.format(Locale.ROOT, " now %s %s", value(a.metric(), a.currentValue()), unit);
        return what + now + " (threshold " + num(a.threshold()) + " " + unit
                + (Double.isNaN(a.peakValue()) ? "" : ", peak " + value(a.metric(), a.peakValue()) + " " + unit) + ")";
    }

    private static String value(AlertMetric m, double v) {
        return String.format(Locale.ROOT, switch (m) {
            case ERROR_RATE -> "%.2f";
            case NO_DATA -> "%.0f";
            default -> "%.1f";
        }, v);
    }

    private static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    static Map<String, Object> fields(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertId", a.id());
        m.put("ruleId", a.ruleId());
        m.put("status", a.status().wireName());
        m.put("severity", a.severity().wireName());
        m.put("mcpServer", a.server());
        m.put("toolName", a.tool());
        m.put("metric", a.metric().wireName());
        m.put("statistic", a.statistic());
        if (!Double.isNaN(a.currentValue())) { // absent when there was nothing to judge
            m.put("currentValue", Math.round(a.currentValue() * 1000) / 1000.0);
        }
        if (!Double.isNaN(a.peakValue())) {
            m.put("peakValue", Math.round(a.peakValue() * 1000) / 1000.0);
        }
        m.put("threshold", a.threshold());
        m.put("unit", a.metric().unit());
        m.put("startsAt", Instant.ofEpochMilli(a.startsMillis()).toString());
        m.put("count", a.count());
        return m;
    }
}
