package io.mcpmonitor.mcp.deploy;

import io.mcpmonitor.core.deploy.Deployment;
import io.mcpmonitor.core.deploy.JudgedComparison;
import io.mcpmonitor.core.deploy.ToolVerdict;
import io.mcpmonitor.core.deploy.Verdict;
import io.mcpmonitor.mcp.server.StructuredJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON and text answers of the deployment tools: deployments with camelCase names as the tools
 * take them ({@code mcpServer}), comparisons with every number (NaN as null), times ISO-8601.
 * Stateless; also used by the CLI and the background judge, so every surface says the same.
 */
public final class DeploymentJson {

    private DeploymentJson() {
    }

    public static Map<String, Object> deployment(Deployment d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deploymentId", d.id());
        m.put("mcpServer", d.server());
        m.put("version", d.version());
        m.put("previousVersion", d.previousVersion().isEmpty() ? null : d.previousVersion());
        m.put("environment", d.environment());
        m.put("timestamp", d.at().toString());
        m.put("deployedBy", d.deployedBy().isEmpty() ? null : d.deployedBy());
        m.put("notes", d.notes().isEmpty() ? null : d.notes());
        m.put("source", d.source());
        return m;
    }

    public static Map<String, Object> comparison(JudgedComparison j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", j.comparison().overall().wireName());
        m.put("doNotPromote", j.doNotPromote());
        m.put("scorePercent", j.comparison().scorePercent());
        m.put("mode", j.mode());
        m.put("before", side(j.baselineServer(), j.beforeFromMillis(), j.beforeToMillis()));
        m.put("after", side(j.candidateServer(), j.afterFromMillis(), j.afterToMillis()));
        m.put("deployment", j.deployment().map(DeploymentJson::deployment).orElse(null));
        m.put("tools", j.comparison().tools().stream().map(StructuredJson::toMap).toList());
        m.put("thresholds", StructuredJson.toMap(j.comparison().thresholds()));
        return StructuredJson.toMap(m);
    }

    private static Map<String, Object> side(String server, long from, long to) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mcpServer", server);
        m.put("startTime", Instant.ofEpochMilli(from).toString());
        m.put("endTime", Instant.ofEpochMilli(to).toString());
        return m;
    }

    /** A few lines: the verdict, what was compared, and each tool's verdict with its reasons. */
    public static String text(JudgedComparison j) {
        StringBuilder sb = new StringBuilder();
        Verdict v = j.comparison().overall();
        sb.append("Verdict: ").append(v.wireName().toUpperCase(Locale.ROOT));
        if (j.doNotPromote()) {
            sb.append(" - do not promote");
        }
        sb.append('\n');
        j.deployment().ifPresent(d -> sb.append(d.server()).append(' ').append(d.previousVersion().isEmpty() ? "?" : d.previousVersion())
                .append(" -> ").append(d.version()).append(" (").append(d.environment()).append(", ").append(d.at()).append(")\n"));
        sb.append("before: ").append(j.baselineServer()).append(' ').append(Instant.ofEpochMilli(j.beforeFromMillis()))
                .append(" .. ").append(Instant.ofEpochMilli(j.beforeToMillis())).append('\n');
        sb.append("after:  ").append(j.candidateServer()).append(' ').append(Instant.ofEpochMilli(j.afterFromMillis()))
                .append(" .. ").append(Instant.ofEpochMilli(j.afterToMillis())).append('\n');
        for (ToolVerdict t : j.comparison().tools()) {
            sb.append(String.format(Locale.ROOT, "- %s: %s (p50 %s -> %s ms, p95 %s -> %s ms, errors %s%% -> %s%%, %d -> %d calls)",
                    t.tool(), t.verdict().wireName(), num(t.beforeP50Ms()), num(t.afterP50Ms()), num(t.beforeP95Ms()),
                    num(t.afterP95Ms()), num(t.beforeErrorRate()), num(t.afterErrorRate()), t.beforeCalls(), t.afterCalls()));
            for (String r : t.reasons()) {
                sb.append("\n    ").append(r);
            }
            sb.append('\n');
        }
        if (j.comparison().tools().isEmpty()) {
            sb.append("no calls on either side\n");
        }
        return sb.toString();
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, d >= 100 ? "%.0f" : "%.1f", d);
    }

    public static List<Map<String, Object>> deployments(List<Deployment> ds) {
        return ds.stream().map(DeploymentJson::deployment).toList();
    }
}
