package io.mcpmonitor.mcp.dashboard;

import io.mcpmonitor.core.detect.Anomaly;
import io.mcpmonitor.core.health.Dashboard;
import io.mcpmonitor.core.health.DashboardTotals;
import io.mcpmonitor.core.health.ServerHealth;
import io.mcpmonitor.core.health.SystemHealth;
import io.mcpmonitor.core.health.TimelinePoint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON shapes of the dashboard (names: {@code healthScore}, {@code avgResponseTime},
 * {@code p95ResponseTime}, {@code errorRate}, {@code activeAlerts}, {@code status}; times ISO-8601,
 * durations ms, rates %) and its readable text. Stateless.
 */
final class DashboardJson {

    /** Servers written out in the text; the structured content has them all. */
    static final int TEXT_SERVERS = 30;

    private DashboardJson() {
    }

    static Map<String, Object> dashboard(Dashboard d, int refreshSeconds) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generatedAt", time(d.generatedAtMillis()));
        out.put("refreshInterval", refreshSeconds);
        out.put("nextRefreshAt", time(d.generatedAtMillis() + refreshSeconds * 1000L));
        out.put("windowStart", time(d.fromMillis()));
        out.put("windowEnd", time(d.toMillis()));
        out.put("windowMinutes", (d.toMillis() - d.fromMillis()) / 60_000);
        out.put("servers", d.servers().stream().map(DashboardJson::server).toList());
        out.put("totals", totals(d.totals()));
        out.put("systemHealth", system(d.systemHealth()));
        return out;
    }

    static Map<String, Object> server(ServerHealth s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mcpServer", s.server());
        m.put("healthScore", s.healthScore());
        m.put("status", s.status().wireName());
        m.put("avgResponseTime", number(s.avgResponseTime()));
        m.put("p95ResponseTime", number(s.p95ResponseTime()));
        m.put("errorRate", number(s.errorRate()));
        m.put("activeAlerts", s.activeAlerts());
        m.put("calls", s.calls());
        m.put("lastSeen", s.lastSeenMillis() == Long.MIN_VALUE ? null : time(s.lastSeenMillis()));
        m.put("reasons", s.reasons());
        return m;
    }

    private static Map<String, Object> totals(DashboardTotals t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("servers", t.servers());
        m.put("healthy", t.healthy());
        m.put("degraded", t.degraded());
        m.put("critical", t.critical());
        m.put("calls", t.calls());
        m.put("avgResponseTime", number(t.avgResponseTime()));
        m.put("p95ResponseTime", number(t.p95ResponseTime()));
        m.put("errorRate", number(t.errorRate()));
        m.put("activeAlerts", t.activeAlerts());
        m.put("criticalAlerts", t.criticalAlerts());
        m.put("warningAlerts", t.warningAlerts());
        return m;
    }

    private static Map<String, Object> system(SystemHealth s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("healthScore", s.healthScore());
        m.put("averageHealthScore", s.averageHealthScore());
        m.put("status", s.status().wireName());
        return m;
    }

    static List<Map<String, Object>> timeline(List<TimelinePoint> points) {
        return points.stream().<Map<String, Object>>map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timestamp", time(p.minuteMillis()));
            m.put("calls", p.calls());
            m.put("p50", number(p.p50()));
            m.put("p95", number(p.p95()));
            m.put("p99", number(p.p99()));
            m.put("errorRate", number(p.errorRate()));
            return m;
        }).toList();
    }

    /** The chart points of {@link RangeSeries}: null where a step has no data. */
    static List<Map<String, Object>> points(List<RangeSeries.Point> points) {
        return points.stream().<Map<String, Object>>map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timestamp", time(p.startMillis()));
            m.put("calls", p.calls());
            m.put("p50", number(p.p50()));
            m.put("p95", number(p.p95()));
            m.put("p99", number(p.p99()));
            m.put("errorRate", number(p.errorRate()));
            m.put("cpu", number(p.cpu()));
            m.put("heap", number(p.heap()));
            return m;
        }).toList();
    }

    /** A row of a server's tools table. */
    static Map<String, Object> tool(String name, io.mcpmonitor.core.query.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("toolName", name);
        m.put("calls", s.totalCalls());
        m.put("p50", number(s.p50ResponseTime()));
        m.put("p95", number(s.p95ResponseTime()));
        m.put("p99", number(s.p99ResponseTime()));
        m.put("errorRate", number(s.errorRate()));
        m.put("topError", s.topErrors().isEmpty() ? null : errors(s.topErrors().subList(0, 1)).get(0));
        return m;
    }

    static List<Map<String, Object>> errors(List<io.mcpmonitor.core.store.ErrorCount> errors) {
        return errors.stream().<Map<String, Object>>map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("outcome", e.outcome().wireName());
            m.put("errorType", e.errorType());
            m.put("message", e.message());
            m.put("count", e.count());
            return m;
        }).toList();
    }

    /** What the page lists of an anomaly: when, where, what, how bad. */
    static Map<String, Object> anomaly(Anomaly a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", a.timestamp().toString());
        m.put("lastSeen", a.lastSeen().toString());
        m.put("mcpServer", a.mcpServer());
        m.put("toolName", a.toolName());
        m.put("anomalyType", a.anomalyType().wireName());
        m.put("severity", a.severity().wireName());
        m.put("status", a.status());
        m.put("description", a.description());
        return m;
    }

    static String text(Dashboard d, int refreshSeconds) {
        StringBuilder sb = new StringBuilder();
        SystemHealth sys = d.systemHealth();
        DashboardTotals t = d.totals();
        sb.append(String.format(Locale.ROOT, "system %s (health %d, mean %d) over the last %d min: %d servers (%d healthy, "
                        + "%d degraded, %d critical), %d calls, avg %s, p95 %s, error rate %s, %d open alerts; "
                        + "refresh in %d s%n", sys.status().wireName(), sys.healthScore(), sys.averageHealthScore(),
                (d.toMillis() - d.fromMillis()) / 60_000, t.servers(), t.healthy(), t.degraded(), t.critical(), t.calls(),
                ms(t.avgResponseTime()), ms(t.p95ResponseTime()), percent(t.errorRate()), t.activeAlerts(), refreshSeconds));
        int shown = 0;
        for (ServerHealth s : d.servers()) {
            if (shown++ == TEXT_SERVERS) {
                sb.append("… ").append(d.servers().size() - TEXT_SERVERS).append(" more servers in structuredContent\n");
                break;
            }
            sb.append(String.format(Locale.ROOT, "%s: %s %d, %d calls, avg %s, p95 %s, errors %s, %d alerts%s%n",
                    s.server(), s.status().wireName(), s.healthScore(), s.calls(), ms(s.avgResponseTime()), ms(s.p95ResponseTime()),
                    percent(s.errorRate()), s.activeAlerts(), s.reasons().isEmpty() ? "" : " — " + String.join("; ", s.reasons())));
        }
        if (d.servers().isEmpty()) {
            sb.append("no server has reported in the last 24 h\n");
        }
        return sb.toString();
    }

    /** A value for JSON: null when there is no data (NaN). */
    private static Double number(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "no data" : String.format(Locale.ROOT, "%.1f ms", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "no data" : String.format(Locale.ROOT, "%.2f %%", v);
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
