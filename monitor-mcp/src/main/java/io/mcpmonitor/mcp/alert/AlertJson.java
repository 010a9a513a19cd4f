package io.mcpmonitor.mcp.alert;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.alert.SaveStatus;
import io.mcpmonitor.core.alert.Silence;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of rules, alerts and silences in tool answers (camelCase, ISO-8601 times). */
public final class AlertJson {

    private AlertJson() {
    }

    static Map<String, Object> rule(AlertRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("thresholdId", r.id());
        m.put("mcpServer", r.server());
        m.put("toolName", r.tool());
        m.put("metric", r.metric().wireName());
        if (r.metric() == AlertMetric.RESPONSE_TIME) {
            m.put("statistic", r.statistic().wireName());
        }
        m.put("threshold", r.threshold());
        m.put("unit", r.metric().unit());
        m.put("severity", r.severity().wireName());
        m.put("windowMinutes", r.window().toMinutes());
        m.put("pendingSeconds", r.pendingFor().toSeconds());
        m.put("minCalls", r.minCalls());
        m.put("enabled", r.enabled());
        m.put("builtIn", r.builtIn());
        return m;
    }

    public static Map<String, Object> alert(Alert a, boolean silenced) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertId", a.id());
        m.put("status", a.status().wireName());
        m.put("severity", a.severity().wireName());
        m.put("mcpServer", a.server());
        m.put("toolName", a.tool());
        m.put("metric", a.metric().wireName());
        if (!a.statistic().isEmpty()) {
            m.put("statistic", a.statistic());
        }
        m.put("currentValue", rounded(a.currentValue())); // at resolution for a resolved alert; null: nothing to judge
        m.put("peakValue", rounded(a.peakValue()));
        m.put("threshold", a.threshold());
        m.put("unit", a.metric().unit());
        m.put("thresholdId", a.ruleId());
        m.put("startsAt", time(a.startsMillis()));
        m.put("severitySince", time(a.severitySinceMillis()));
        m.put("lastFiringAt", time(a.lastFiringMillis()));
        m.put("count", a.count());
        m.put("silenced", silenced);
        if (a.acknowledgedBy() != null) {
            m.put("acknowledgedBy", a.acknowledgedBy());
            m.put("acknowledgedAt", time(a.acknowledgedMillis()));
            m.put("notes", a.notes());
        }
        if (a.escalatedMillis() > 0) {
            m.put("escalatedAt", time(a.escalatedMillis()));
        }
        if (a.resolvedMillis() > 0) {
            m.put("resolvedAt", time(a.resolvedMillis()));
            m.put("resolution", a.resolution());
        }
        return m;
    }

    static Map<String, Object> silence(Silence s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("silenceId", s.id());
        m.put("mcpServer", s.server());
        m.put("toolName", s.tool());
        m.put("metric", s.metric() == null ? null : s.metric().wireName());
        m.put("startsAt", time(s.startsMillis()));
        m.put("endsAt", time(s.endsMillis()));
        m.put("createdBy", s.createdBy());
        m.put("reason", s.reason());
        return m;
    }

    /** One line per alert for readable answers: id, severity, status, where, what, value against threshold, since. */
    static String line(Alert a) {
        String where = a.tool().isEmpty() ? a.server() : a.server() + "/" + a.tool();
        String what = a.metric().wireName() + (a.statistic().isEmpty() ? "" : " " + a.statistic());
        String value = Double.isNaN(a.currentValue()) ? "no data" : number(rounded(a.currentValue())) + " " + a.metric().unit();
        return a.id() + " [" + a.severity().wireName() + " " + a.status().wireName() + "] " + where + " " + what + " " + value
                + " > " + number(a.threshold()) + " " + a.metric().unit() + " since " + time(a.startsMillis());
    }

    /** Adds {@code stateSaved} (and, after a failed save, {@code saveError} and {@code failedSaves}) to an answer. */
    static void putSaveStatus(Map<String, Object> out, AlertEngine engine) {
        SaveStatus s = engine.saveStatus();
        out.put("stateSaved", s.saved());
        if (!s.saved()) {
            out.put("failedSaves", s.failedSaves());
            out.put("saveError", s.lastError());
        }
        if (!engine.stateNote().isEmpty()) {
            out.put("stateRecovery", engine.stateNote());
        }
    }

    /** Lines for readable answers when the alert state could not be saved or was repaired at start-up, else empty. */
    static String saveNote(AlertEngine engine) {
        SaveStatus s = engine.saveStatus();
        return (s.saved() ? "" : "\nnot saved yet (in force now, lost if the sidecar stops before a retry succeeds): " + s.lastError())
                + (engine.stateNote().isEmpty() ? "" : "\nalert state at start-up: " + engine.stateNote());
    }

    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.valueOf(d);
    }

    private static Double rounded(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
    }

    private static String time(long millis) {
        return millis <= 0 ? null : Instant.ofEpochMilli(millis).toString();
    }
}
