package io.mcpmonitor.core.notify;

import io.mcpmonitor.core.wire.WireNamed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One message about alerts, ready for any channel. Channels render {@code title} and {@code text}
 * for people (chat, e-mail) and send {@code fields} as data (webhooks, MCP tool calls); {@code fields}
 * holds plain JSON values only (strings, numbers, booleans, lists, maps).
 *
 * @param kind     why it is sent
 * @param severity {@code warning} or {@code critical} (a digest carries the highest of its alerts)
 * @param server   the server concerned, or empty for several
 * @param title    one line, e.g. {@code [CRITICAL] example-server/slow_query: p95 response time 812 ms > 500 ms}
 * @param text     a few lines: value, threshold, since when, what to do, how to acknowledge
 * @param fields   the alert as data: alertId, status, metric, value, threshold, startsAt, ...
 * @param alerts   for a {@link Kind#DIGEST}, the notifications it folds together; else empty
 */
public record Notification(Kind kind, String severity, String server, String title, String text, Map<String, Object> fields,
                           Instant at, List<Notification> alerts) {

    /** Why a notification is sent. */
    public enum Kind implements WireNamed {
        /** An alert started firing, or its severity was raised (then {@code fields.previousSeverity} says from what). */
        FIRING,
        /** An unacknowledged alert is still firing (sent every repeat interval). */
        REMINDER,
        /** A critical alert was not acknowledged in time. */
        ESCALATED,
        /**
         * A critical alert's condition fell back to the warning level: the alert stays open, now as a
         * warning. Sent with severity {@code critical}, so that the channels that were told of the
         * critical problem hear that it is over; {@code fields.severity} is {@code warning}.
         */
        DEESCALATED,
        /** The condition cleared; {@code fields.currentValue} is the value at resolution. */
        RESOLVED,
        /** Several notifications folded together by the rate limit. */
        DIGEST,
        /**
         * A deployment was judged {@code fail} against the version before it: {@code fields} has
         * {@code deploymentId}, {@code mcpServer}, {@code version}, {@code previousVersion},
         * {@code environment}, {@code verdict}, {@code doNotPromote} and {@code failingTools}. Sent once
         * per deployment; the place for a rollback action.
         */
        DEPLOYMENT_REGRESSION,
        /**
         * Detection found an incident (or its severity rose: then {@code fields.previousSeverity}).
         * {@code fields}: {@code anomalyId}, {@code mcpServer}, {@code toolName}, {@code anomalyType},
         * {@code severity}, {@code metric}, {@code unit}, {@code currentValue}, {@code expectedValue},
         * {@code expectedRange}, {@code deviation}, {@code changePercent}, {@code confidence},
         * {@code description}, {@code recommendations}, {@code startsAt}, {@code lastSeen}. One per incident.
         */
        ANOMALY,
        /** The incident of an earlier {@link #ANOMALY} is over; the same fields, {@code status} resolved. */
        ANOMALY_RESOLVED,
        /**
         * A scheduled daily or weekly performance digest (the {@code digests} of the notifications file):
         * the report's summary as text, its numbers in {@code fields.report} (the JSON report of
         * generate_performance_report for the same range).
         */
        PERFORMANCE_DIGEST
    }

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
        fields = Map.copyOf(fields);
        alerts = List.copyOf(alerts);
    }
}
