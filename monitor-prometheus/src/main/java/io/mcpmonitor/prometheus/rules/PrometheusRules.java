package io.mcpmonitor.prometheus.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.alert.Statistic;
import io.mcpmonitor.prometheus.exposition.OtelNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The alert rules in force as a Prometheus rule file (YAML), over the metrics {@code serve --metrics}
 * exports, so a fleet's Prometheus evaluates them and its Alertmanager routes them.
 *
 * <p>Each enabled rule becomes one alerting rule: its threshold in the expression (in the rule's own
 * unit: ms, %, minutes), its window as the range of {@code rate()}/{@code increase()}, its pending
 * period as {@code for:}, its severity and id as labels. The precedence of scopes is kept: a broader
 * rule excludes, with {@code unless}, the series a more specific rule of the same metric covers
 * (enabled or not), so each series is judged by exactly the rules the sidecar would judge it by. A
 * window with fewer than the rule's minimum calls is not judged, as in the sidecar.
 *
 * <p>Less exact than the sidecar: percentiles come from the semconv histogram buckets (interpolated
 * within one bucket), and {@code max} is approximated by the upper bound of the highest non-empty
 * bucket ({@code histogram_quantile(1, ...)}). Stateless and thread-safe.
 */
public final class PrometheusRules {

    /** The rule group every exported rule is in. */
    public static final String GROUP = "mcp-monitor";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BY_TOOL = OtelNames.SERVER + ", " + OtelNames.TOOL;

    private PrometheusRules() {
    }

    /** The rule file for {@code rules} (every rule stored, enabled or not), evaluated every {@code interval}. */
    public static String render(Collection<AlertRule> rules, Duration interval) {
        List<AlertRule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparing(AlertRule::id));
        StringBuilder y = new StringBuilder();
        y.append("# The alert rules in force in mcp-monitor, exported by `mcp-monitor rules export --format prometheus`.\n");
        y.append("# Over the metrics of `mcp-monitor serve --metrics`; check with `promtool check rules FILE`.\n");
        y.append("groups:\n");
        y.append("  - name: ").append(quote(GROUP)).append('\n');
        y.append("    interval: ").append(duration(interval)).append('\n');
        y.append("    rules:\n");
        int n = 0;
        for (AlertRule r : sorted) {
            // Result sizes are not among the exported metrics: such rules are evaluated by mcp-monitor only.
            if (!r.enabled() || r.metric() == AlertMetric.RESULT_SIZE) {
                continue;
            }
            n++;
            y.append("      - alert: ").append(alertName(r.metric())).append('\n');
            y.append("        expr: ").append(quote(expression(r, sorted))).append('\n');
            y.append("        for: ").append(duration(r.pendingFor())).append('\n');
            y.append("        labels:\n");
            y.append("          severity: ").append(quote(r.severity().wireName())).append('\n');
            y.append("          mcp_monitor_rule_id: ").append(quote(r.id())).append('\n');
            y.append("          mcp_monitor_metric: ").append(quote(r.metric().wireName())).append('\n');
            y.append("        annotations:\n");
            y.append("          summary: ").append(quote(summary(r))).append('\n');
            y.append("          description: ").append(quote(description(r))).append('\n');
        }
        if (n == 0) {
            y.setLength(y.length() - "    rules:\n".length());
            y.append("    rules: []\n");
        }
        return y.toString();
    }

    /** The Prometheus alert name of a metric's rules, e.g. {@code McpMonitorResponseTime}. */
    public static String alertName(AlertMetric m) {
        return switch (m) {
            case RESPONSE_TIME -> "McpMonitorResponseTime";
            case ERROR_RATE -> "McpMonitorErrorRate";
            case CPU -> "McpMonitorCpu";
            case MEMORY -> "McpMonitorMemory";
            case NO_DATA -> "McpMonitorNoData";
            case RESULT_SIZE -> "McpMonitorResultSize";
        };
    }

    /** The PromQL expression of {@code r}, excluding what the more specific rules among {@code all} cover. */
    static String expression(AlertRule r, Collection<AlertRule> all) {
        String w = duration(r.window());
        String sel = selector(r.server(), r.tool(), r.metric().perServer());
        String expr = switch (r.metric()) {
            case RESPONSE_TIME -> "(" + latencyMs(r.statistic(), sel, w) + ") > " + number(r.threshold())
                    + minCalls(r, sel, w);
            case ERROR_RATE -> "(100 * sum by (" + BY_TOOL + ") (increase(" + OtelNames.CALLS + selAnd(sel, "outcome!=\"success\"")
                    + "[" + w + "])) / sum by (" + BY_TOOL + ") (increase(" + OtelNames.CALLS + sel + "[" + w + "]))) > "
                    + number(r.threshold()) + minCalls(r, sel, w);
            case CPU -> "100 * max by (" + OtelNames.SERVER + ") (avg_over_time(" + OtelNames.PROCESS_CPU + sel + "[" + w + "])) > "
                    + number(r.threshold());
            case MEMORY -> "100 * max by (" + OtelNames.SERVER + ") (avg_over_time(" + OtelNames.HEAP_USED + sel + "[" + w
                    + "]) / avg_over_time(" + OtelNames.HEAP_LIMIT + sel + "[" + w + "])) > " + number(r.threshold());
            case NO_DATA -> {
                String silent = duration(Duration.ofSeconds(Math.max(60, Math.round(r.threshold() * 60))));
                yield "sum by (" + OtelNames.SERVER + ") (increase(" + OtelNames.CALLS + sel + "[" + silent + "])) == 0"
                        + " and on (" + OtelNames.SERVER + ") sum by (" + OtelNames.SERVER + ") (increase(" + OtelNames.CALLS
                        + sel + "[24h])) > 0";
            }
            case RESULT_SIZE -> throw new IllegalArgumentException("metric: result_size rules have no Prometheus form");
        };
        for (AlertRule s : all) {
            if (s.metric() == r.metric() && moreSpecificWithin(s, r)) {
                String on = r.metric().perServer() ? OtelNames.SERVER : BY_TOOL;
                String covered = r.metric().perServer() ? OtelNames.CALLS : OtelNames.DURATION + "_count";
                expr = "(" + expr + ") unless on (" + on + ") " + covered + selector(s.server(), s.tool(), r.metric().perServer());
            }
        }
        return expr;
    }

    private static boolean moreSpecificWithin(AlertRule s, AlertRule r) {
        int sSpec = (s.server() != null ? 1 : 0) + (s.tool() != null ? 2 : 0);
        int rSpec = (r.server() != null ? 1 : 0) + (r.tool() != null ? 2 : 0);
        return sSpec > rSpec && (r.server() == null || r.server().equals(s.server()))
                && (r.tool() == null || r.tool().equals(s.tool()));
    }

    private static String latencyMs(Statistic st, String sel, String w) {
        String buckets = "sum by (" + BY_TOOL + ", le) (rate(" + OtelNames.DURATION + "_bucket" + sel + "[" + w + "]))";
        return switch (st) {
            case P50 -> "1000 * histogram_quantile(0.5, " + buckets + ")";
            case P95 -> "1000 * histogram_quantile(0.95, " + buckets + ")";
            case P99 -> "1000 * histogram_quantile(0.99, " + buckets + ")";
            case MAX -> "1000 * histogram_quantile(1, " + buckets + ")";
            case AVG -> "1000 * sum by (" + BY_TOOL + ") (rate(" + OtelNames.DURATION + "_sum" + sel + "[" + w + "])) / sum by ("
                    + BY_TOOL + ") (rate(" + OtelNames.DURATION + "_count" + sel + "[" + w + "]))";
        };
    }

    private static String minCalls(AlertRule r, String sel, String w) {
        if (r.minCalls() <= 0) {
            return "";
        }
        return " and on (" + BY_TOOL + ") sum by (" + BY_TOOL + ") (increase(" + OtelNames.DURATION + "_count" + sel + "["
                + w + "])) >= " + r.minCalls();
    }

    private static String selector(String server, String tool, boolean perServer) {
        List<String> m = new ArrayList<>();
        if (server != null) {
            m.add(OtelNames.SERVER + "=" + quote(server));
        }
        if (tool != null && !perServer) {
            m.add(OtelNames.TOOL + "=" + quote(tool));
        }
        return m.isEmpty() ? "" : "{" + String.join(",", m) + "}";
    }

    private static String selAnd(String sel, String matcher) {
        return sel.isEmpty() ? "{" + matcher + "}" : sel.substring(0, sel.length() - 1) + "," + matcher + "}";
    }

    private static String summary(AlertRule r) {
        String what = switch (r.metric()) {
            case RESPONSE_TIME -> "response time " + r.statistic().wireName() + " above " + number(r.threshold()) + " ms";
            case ERROR_RATE -> "error rate above " + number(r.threshold()) + " %";
            case CPU -> "process CPU above " + number(r.threshold()) + " %";
            case MEMORY -> "heap above " + number(r.threshold()) + " % of its maximum";
            case NO_DATA -> "no calls for " + number(r.threshold()) + " min";
            case RESULT_SIZE -> "result size " + r.statistic().wireName() + " above " + number(r.threshold()) + " bytes";
        };
        String scope = r.metric().perServer() ? "{{ $labels.mcp_server_name }}"
                : "{{ $labels.mcp_server_name }} / {{ $labels.gen_ai_tool_name }}";
        return scope + ": " + what;
    }

    private static String description(AlertRule r) {
        return "mcp-monitor rule " + r.id() + " (" + r.severity().wireName() + "): " + r.metric().wireName()
                + " is {{ $value | printf \"%.2f\" }} " + r.metric().unit() + " over the last " + duration(r.window())
                + ", threshold " + number(r.threshold()) + " " + r.metric().unit() + ".";
    }

    /** A Prometheus duration: 90s, 5m, 1h. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return "0s";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A double-quoted string valid in both YAML and PromQL (JSON escapes). */
    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
