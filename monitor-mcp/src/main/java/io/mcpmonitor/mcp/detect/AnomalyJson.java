package io.mcpmonitor.mcp.detect;

import io.mcpmonitor.core.detect.Anomaly;
import io.mcpmonitor.core.detect.AnomalyDetails;
import io.mcpmonitor.core.detect.DetectionResult;
import io.mcpmonitor.mcp.server.StructuredJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer of {@code detect_anomalies}: the structured content (names as the tool declares them, times
 * ISO-8601, unknown numbers null) and the readable text. Stateless.
 */
final class AnomalyJson {
    /** Anomalies written out in full in the text; the structured content has them all. */
    static final int TEXT_ANOMALIES = 20;

    private AnomalyJson() {
    }

    static Map<String, Object> result(DetectionResult r, String lookback) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mcpServer", r.request().server());
        out.put("toolName", r.request().tool());
        out.put("lookbackWindow", lookback);
        out.put("sensitivity", r.request().sensitivity().wireName());
        out.put("method", r.request().method().wireName());
        out.put("startTime", r.from().toString());
        out.put("endTime", r.to().toString());
        out.put("anomalies", r.anomalies().stream().map(AnomalyJson::anomaly).toList());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", r.anomalies().size());
        summary.put("ongoing", r.ongoing());
        summary.put("bySeverity", r.bySeverity());
        summary.put("byType", r.byType());
        out.put("summary", summary);
        Map<String, Object> coverage = new LinkedHashMap<>();
        coverage.put("seriesAnalysed", r.seriesAnalysed());
        coverage.put("analysedSince", r.analysedSince() == null ? null : r.analysedSince().toString());
        out.put("coverage", coverage);
        // NaN (a value nobody could expect yet) becomes null
        return StructuredJson.toMap(out);
    }

    static Map<String, Object> anomaly(Anomaly a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("timestamp", a.timestamp().toString());
        m.put("lastSeen", a.lastSeen().toString());
        m.put("mcpServer", a.mcpServer());
        m.put("toolName", a.toolName());
        m.put("anomalyType", a.anomalyType().wireName());
        m.put("severity", a.severity().wireName());
        m.put("status", a.status());
        m.put("provisional", a.provisional());
        m.put("description", a.description());
        AnomalyDetails d = a.details();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("metric", d.metric());
        details.put("unit", d.unit());
        details.put("currentValue", d.currentValue());
        details.put("expectedValue", d.expectedValue());
        details.put("expectedRange", d.expectedRange());
        details.put("deviation", d.deviation());
        details.put("changePercent", d.changePercent());
        details.put("confidence", d.confidence());
        details.put("method", d.method());
        details.put("calls", d.calls());
        details.put("outcomes", d.outcomes());
        details.put("scope", d.scope());
        details.put("alsoAffected", d.alsoAffected());
        m.put("details", details);
        m.put("recommendations", a.recommendations());
        return m;
    }

    static String text(DetectionResult r, String lookback) {
        StringBuilder sb = new StringBuilder();
        String scope = r.request().server() == null ? "all servers" : r.request().server()
                + (r.request().tool() == null ? "" : "/" + r.request().tool());
        Map<String, Long> sev = r.bySeverity();
        sb.append(String.format(Locale.ROOT, "detect_anomalies (%s, %s) over the last %s for %s: %d anomalies (%d critical, "
                        + "%d warning, %d info; %d ongoing), %d series analysed%n", r.request().method().wireName(),
                r.request().sensitivity().wireName(), lookback, scope, r.anomalies().size(), sev.get("critical"),
                sev.get("warning"), sev.get("info"), r.ongoing(), r.seriesAnalysed()));
        List<Anomaly> shown = r.anomalies().subList(0, Math.min(TEXT_ANOMALIES, r.anomalies().size()));
        for (Anomaly a : shown) {
            sb.append(String.format(Locale.ROOT, "%n[%s] %s %s since %s (%s%s, confidence %.2f): %s%n",
                    a.severity().wireName().toUpperCase(Locale.ROOT), a.anomalyType().wireName(),
                    a.toolName() == null ? a.mcpServer() : a.mcpServer() + "/" + a.toolName(), a.timestamp(), a.status(),
                    a.provisional() ? ", provisional: this minute is not over" : "", a.details().confidence(),
                    a.description()));
            for (String rec : a.recommendations()) {
                sb.append("  - ").append(rec).append('\n');
            }
        }
        if (shown.size() < r.anomalies().size()) {
            sb.append("\n… ").append(r.anomalies().size() - shown.size()).append(" more in structuredContent\n");
        }
        return sb.toString();
    }
}
