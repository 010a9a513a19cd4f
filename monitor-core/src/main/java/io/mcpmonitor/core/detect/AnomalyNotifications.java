package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.notify.Notification;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the incidents found by detection into notifications for the channels: {@code anomaly} when an
 * incident is first seen and again when its severity rises ({@code fields.previousSeverity}), and
 * {@code anomaly_resolved} when it ends — one each per incident, however many detection runs see it.
 *
 * <p>What was notified is kept in {@code <store>/notify/anomaly-notices.json} (written whole, then
 * renamed), so a restart does not notify again. Info-level anomalies (a traffic surge, a mild
 * slow-down) are not sent: channels carry warnings and critical problems. An incident already over
 * when first seen is sent (opened and resolved) only if it ended within {@link #LATE_MILLIS}; older
 * ones, as an existing store holds them, are remembered silently. Provisional anomalies (a minute
 * not over yet) wait.
 *
 * <p>Not thread-safe: one background thread calls {@link #update}.
 */
public final class AnomalyNotifications {

    static final int FORMAT_VERSION = 1;
    /** An incident that ended longer ago than this when first seen is not sent. */
    static final long LATE_MILLIS = 3_600_000L;
    /** Incidents no longer reported by detection are forgotten after this long. */
    static final long FORGET_MILLIS = 8 * 86_400_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Notified(Severity severity, boolean resolved, long lastSeenMillis) {
    }

    private final Path file;
    private final Map<String, Notified> notified = new LinkedHashMap<>();

    private AnomalyNotifications(Path file) {
        this.file = file;
    }

    /** Opens the notified state of the store at {@code storeRoot}; an unreadable state file starts empty. */
    public static AnomalyNotifications open(Path storeRoot) throws IOException {
        AnomalyNotifications n = new AnomalyNotifications(storeRoot.resolve("notify").resolve("anomaly-notices.json"));
        n.load();
        return n;
    }

    private void load() throws IOException {
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (root.path("formatVersion").asInt() != FORMAT_VERSION) {
                return;
            }
            root.path("incidents").fields().forEachRemaining(e -> notified.put(e.getKey(), new Notified(
                    Severity.fromWireName(e.getValue().path("severity").asText()), e.getValue().path("resolved").asBoolean(),
                    e.getValue().path("lastSeen").asLong())));
        } catch (NoSuchFileException e) {
            // nothing notified yet
        } catch (IOException | RuntimeException e) {
            notified.clear(); // a damaged state file: at worst an open incident is sent once more
        }
    }

    /** The notifications {@code anomalies} (the current state of each incident) call for at {@code nowMillis}. */
    public List<Notification> update(List<Anomaly> anomalies, long nowMillis) throws IOException {
        List<Notification> out = new ArrayList<>();
        boolean changed = false;
        for (Anomaly a : anomalies) {
            if (a.provisional() || a.severity() == Severity.INFO) {
                continue;
            }
            boolean resolved = Anomaly.RESOLVED.equals(a.status());
            long lastSeen = a.lastSeen().toEpochMilli();
            Notified before = notified.get(a.id());
            if (before == null) {
                if (!resolved || nowMillis - lastSeen <= LATE_MILLIS) {
                    out.add(notification(Notification.Kind.ANOMALY, a, null, nowMillis));
                    if (resolved) {
                        out.add(notification(Notification.Kind.ANOMALY_RESOLVED, a, null, nowMillis));
                    }
                }
                notified.put(a.id(), new Notified(a.severity(), resolved, lastSeen));
                changed = true;
            } else if (!before.resolved()) {
                if (a.severity().compareTo(before.severity()) > 0) {
                    out.add(notification(Notification.Kind.ANOMALY, a, before.severity(), nowMillis));
                }
                if (resolved) {
                    out.add(notification(Notification.Kind.ANOMALY_RESOLVED, a, null, nowMillis));
                }
                Severity sev = a.severity().compareTo(before.severity()) > 0 ? a.severity() : before.severity();
                if (resolved || sev != before.severity() || lastSeen != before.lastSeenMillis()) {
                    notified.put(a.id(), new Notified(sev, resolved, lastSeen));
                    changed = true;
                }
            }
        }
        for (Iterator<Notified> it = notified.values().iterator(); it.hasNext(); ) {
            if (nowMillis - it.next().lastSeenMillis() > FORGET_MILLIS) {
                it.remove();
                changed = true;
            }
        }
        if (changed) {
            save();
        }
        return out;
    }

    private void save() throws IOException {
        ObjectNode root = JSON.createObjectNode().put("formatVersion", FORMAT_VERSION);
        ObjectNode incidents = root.putObject("incidents");
        notified.forEach((id, n) -> incidents.putObject(id).put("severity", n.severity().wireName())
                .put("resolved", n.resolved()).put("lastSeen", n.lastSeenMillis()));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, root.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Notification notification(Notification.Kind kind, Anomaly a, Severity previous, long nowMillis) {
        AnomalyDetails d = a.details();
        String series = a.mcpServer() + (a.toolName() == null ? "" : "/" + a.toolName());
        boolean over = kind == Notification.Kind.ANOMALY_RESOLVED;
        String title = (over ? "[RESOLVED] " : "[" + a.severity().wireName().toUpperCase(Locale.ROOT) + "] ") + series
                + ": " + a.anomalyType().wireName().replace('_', ' ') + (over ? " is over" : "")
                + (previous != null ? " (up from " + previous.wireName() + ")" : "");
        StringBuilder text = new StringBuilder(a.description()).append('\n')
                .append("since ").append(a.timestamp()).append(over ? ", last seen " + a.lastSeen() : "").append('\n');
        for (String r : a.recommendations()) {
            text.append("- ").append(r).append('\n');
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("anomalyId", a.id());
        f.put("mcpServer", a.mcpServer());
        if (a.toolName() != null) {
            f.put("toolName", a.toolName());
        }
        f.put("anomalyType", a.anomalyType().wireName());
        f.put("severity", a.severity().wireName());
        if (previous != null) {
            f.put("previousSeverity", previous.wireName());
        }
        f.put("status", a.status());
        f.put("metric", d.metric());
        f.put("unit", d.unit());
        number(f, "currentValue", d.currentValue());
        number(f, "expectedValue", d.expectedValue());
        if (d.expectedRange().stream().allMatch(Double::isFinite)) {
            f.put("expectedRange", d.expectedRange());
        }
        number(f, "deviation", d.deviation());
        number(f, "changePercent", d.changePercent());
        number(f, "confidence", d.confidence());
        f.put("description", a.description());
        f.put("recommendations", a.recommendations());
        f.put("startsAt", a.timestamp().toString());
        f.put("lastSeen", a.lastSeen().toString());
        // Channels route on warning/critical; an incident's resolution goes where its opening went.
        String severity = a.severity() == Severity.CRITICAL ? "critical" : "warning";
        return new Notification(kind, severity, a.mcpServer(), title, text.toString().stripTrailing(), f,
                Instant.ofEpochMilli(nowMillis), List.of());
    }

    private static void number(Map<String, Object> f, String key, double v) {
        if (Double.isFinite(v)) {
            f.put(key, v);
        }
    }
}
