package io.mcpmonitor.mcp.deploy;

import io.mcpmonitor.core.deploy.CompareJudge;
import io.mcpmonitor.core.deploy.Comparisons;
import io.mcpmonitor.core.deploy.Deployment;
import io.mcpmonitor.core.deploy.DeploymentLog;
import io.mcpmonitor.core.deploy.JudgeThresholds;
import io.mcpmonitor.core.deploy.JudgedComparison;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Deployments and the canary judge: record_deployment, list_deployments, compare_performance. */
public final class DeploymentTools implements ToolModule {

    /** Default length of each side of a deployment comparison. */
    static final int DEFAULT_WINDOW_MINUTES = 15;
    private static final long MINUTE = 60_000L;

    @Override
    public List<ToolDefinition> tools(ToolContext ctx) {
        return List.of(
                new ToolDefinition("record_deployment", "Record deployment",
                        "Record that a version of an MCP server was deployed (environment staging, production (default), ...; "
                                + "timestamp default now). The previous version of the same server and environment is filled "
                                + "in from the log. The sidecar judges the deployment automatically once enough traffic has "
                                + "followed it. Agents record one by themselves when a server announces a new serverInfo.version.",
                        RECORD_SCHEMA, args -> record(ctx, args)),
                new ToolDefinition("list_deployments", "List deployments",
                        "The recorded deployments, newest first, optionally of one server and environment and in a time range.",
                        LIST_SCHEMA, args -> list(ctx, args)),
                new ToolDefinition("compare_performance", "Compare performance",
                        "A canary judge per tool: Mann-Whitney U test of the latency distributions (with Cliff's delta), "
                                + "p50/p95 ratios, a two-proportion test of error rates and the change in throughput, with a "
                                + "verdict pass / marginal / fail / not_enough_data per tool and overall. Compare either "
                                + "around a deploymentId (windowMinutes before against windowMinutes after), or two windows "
                                + "'before' and 'after' of mcpServer, or mcpServer (e.g. staging) against baselineServer (e.g. "
                                + "production) over startTime..endTime (default the last hour). A change fails only when it "
                                + "is both significant and large; thresholds can be set per call.",
                        COMPARE_SCHEMA, args -> compare(ctx, args)));
    }

    static DeploymentLog log(ToolContext ctx) {
        return new DeploymentLog(ctx.reader().store().root());
    }

    private static ToolAnswer record(ToolContext ctx, Arguments a) throws InvalidArgumentException {
        a.rejectUnknown(Set.of("mcpServer", "version", "environment", "timestamp", "deployedBy", "notes"));
        String server = a.requiredName("mcpServer");
        String version = a.requiredString("version");
        Instant at = a.optionalInstant("timestamp");
        try {
            Deployment d = log(ctx).record(server, version, a.optionalString("environment"),
                    at != null ? at : Instant.ofEpochMilli(ctx.clock().wallMillis()), a.optionalString("deployedBy"),
                    a.optionalString("notes"), "tool");
            Map<String, Object> out = new LinkedHashMap<>(DeploymentJson.deployment(d));
            return new ToolAnswer(out, "Recorded " + d.server() + " " + d.version() + " (" + d.environment() + ") at "
                    + d.at() + " as " + d.id() + (d.previousVersion().isEmpty() ? "" : ", after " + d.previousVersion()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ToolAnswer list(ToolContext ctx, Arguments a) throws InvalidArgumentException {
        a.rejectUnknown(Set.of("mcpServer", "environment", "startTime", "endTime", "limit"));
        String server = a.optionalName("mcpServer");
        String env = a.optionalString("environment");
        Instant from = a.optionalInstant("startTime");
        Instant to = a.optionalInstant("endTime");
        Double limit = a.optionalNumber("limit");
        if (limit != null && (limit < 1 || limit != Math.floor(limit))) {
            throw new InvalidArgumentException("limit", "must be a whole number of at least 1, was " + limit);
        }
        try {
            List<Deployment> all = log(ctx).all().stream()
                    .filter(d -> server == null || d.server().equals(server))
                    .filter(d -> env == null || d.environment().equals(env))
                    .filter(d -> from == null || !d.at().isBefore(from))
                    .filter(d -> to == null || d.at().isBefore(to))
                    .sorted((x, y) -> y.at().compareTo(x.at()))
                    .limit(limit == null ? Long.MAX_VALUE : limit.longValue()).toList();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("deployments", DeploymentJson.deployments(all));
            out.put("total", all.size());
            StringBuilder text = new StringBuilder(all.size() + " deployment(s)");
            for (Deployment d : all) {
                text.append("\n- ").append(d.at()).append(' ').append(d.server()).append(' ').append(d.version())
                        .append(" (").append(d.environment()).append(") ").append(d.id());
            }
            return new ToolAnswer(out, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ToolAnswer compare(ToolContext ctx, Arguments a) throws InvalidArgumentException {
        a.rejectUnknown(Set.of("mcpServer", "toolName", "deploymentId", "windowMinutes", "before", "after",
                "baselineServer", "startTime", "endTime", "thresholds"));
        String tool = a.optionalName("toolName");
        JudgeThresholds thresholds = thresholds(a.optionalObject("thresholds"));
        int modes = (a.has("deploymentId") ? 1 : 0) + (a.has("before") || a.has("after") ? 1 : 0)
                + (a.has("baselineServer") ? 1 : 0);
        if (modes != 1) {
            throw new InvalidArgumentException(modes == 0 ? "deploymentId" : "mcpServer",
                    "give exactly one of deploymentId, before/after windows, or baselineServer");
        }
        ctx.readYourWrites();
        Comparisons comparisons = new Comparisons(ctx.reader(), new CompareJudge(thresholds));
        long now = ctx.clock().wallMillis();
        JudgedComparison j;
        if (a.has("deploymentId")) {
            j = byDeployment(ctx, a, comparisons, tool, now);
        } else if (a.has("baselineServer")) {
            String server = a.requiredName("mcpServer");
            String baseline = a.requiredName("baselineServer");
            Instant end = a.optionalInstant("endTime");
            long to = end != null ? end.toEpochMilli() : now - now % MINUTE + MINUTE;
            Instant start = a.optionalInstant("startTime");
            long from = start != null ? start.toEpochMilli() : to - 60 * MINUTE;
            requireOrder("startTime", from, to);
            j = comparisons.servers(server, baseline, tool, from, to);
        } else {
            String server = a.requiredName("mcpServer");
            long[] before = window(a, "before");
            long[] after = window(a, "after");
            j = comparisons.windows(server, tool, before[0], before[1], after[0], after[1]);
        }
        return new ToolAnswer(DeploymentJson.comparison(j), DeploymentJson.text(j));
    }

    private static JudgedComparison byDeployment(ToolContext ctx, Arguments a, Comparisons comparisons, String tool, long now)
            throws InvalidArgumentException {
        String id = a.requiredString("deploymentId");
        Deployment d;
        try {
            d = log(ctx).byId(id).orElseThrow(() -> new IllegalArgumentException("deploymentId: no deployment '" + id
                    + "' is recorded; list_deployments shows them"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String server = a.optionalName("mcpServer");
        if (server != null && !server.equals(d.server())) {
            throw new InvalidArgumentException("mcpServer", "deployment " + id + " is of '" + d.server() + "', not '" + server + "'");
        }
        Double window = a.optionalNumber("windowMinutes");
        if (window != null && (window < 1 || window > 7 * 24 * 60)) {
            throw new InvalidArgumentException("windowMinutes", "must be between 1 and 10080, was " + window);
        }
        return comparisons.deployment(d, tool, Math.round((window == null ? DEFAULT_WINDOW_MINUTES : window) * MINUTE), now);
    }

    private static long[] window(Arguments a, String name) throws InvalidArgumentException {
        Arguments w = a.optionalObject(name);
        if (w == null) {
            throw new InvalidArgumentException(name, "is required with " + (name.equals("before") ? "after" : "before"));
        }
        w.rejectUnknown(Set.of("startTime", "endTime"));
        Instant from = w.optionalInstant("startTime");
        Instant to = w.optionalInstant("endTime");
        if (from == null || to == null) {
            throw new InvalidArgumentException(w.pathFor(from == null ? "startTime" : "endTime"), "is required");
        }
        requireOrder(w.pathFor("startTime"), from.toEpochMilli(), to.toEpochMilli());
        return new long[] {from.toEpochMilli(), to.toEpochMilli()};
    }

    private static void requireOrder(String field, long from, long to) throws InvalidArgumentException {
        if (to - from < MINUTE) {
            throw new InvalidArgumentException(field, "must be at least one minute before the end");
        }
    }

    /** The defaults with what the call overrides; the record's own checks name a bad field. */
    static JudgeThresholds thresholds(Arguments t) throws InvalidArgumentException {
        JudgeThresholds d = JudgeThresholds.DEFAULTS;
        if (t == null) {
            return d;
        }
        t.rejectUnknown(Set.of("alpha", "minCallsPerTool", "marginalLatencyRatio", "failLatencyRatio", "marginalDelta",
                "failDelta", "marginalErrorPoints", "failErrorPoints"));
        try {
            return new JudgeThresholds(or(t, "alpha", d.alpha()), Math.round(or(t, "minCallsPerTool", d.minCallsPerTool())),
                    or(t, "marginalLatencyRatio", d.marginalLatencyRatio()), or(t, "failLatencyRatio", d.failLatencyRatio()),
                    or(t, "marginalDelta", d.marginalDelta()), or(t, "failDelta", d.failDelta()),
                    or(t, "marginalErrorPoints", d.marginalErrorPoints()), or(t, "failErrorPoints", d.failErrorPoints()));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(t.pathFor(e.getMessage().substring(0, e.getMessage().indexOf(':'))),
                    e.getMessage().substring(e.getMessage().indexOf(':') + 2));
        }
    }

    private static double or(Arguments t, String name, double fallback) throws InvalidArgumentException {
        Double v = t.optionalNumber(name);
        return v == null ? fallback : v;
    }

    private static final String WINDOW = """
            {"type": "object", "properties": {"startTime": {"type": "string", "format": "date-time"},
             "endTime": {"type": "string", "format": "date-time"}}, "required": ["startTime", "endTime"],
             "additionalProperties": false}""";

    static final String RECORD_SCHEMA = """
            {"type": "object",
             "properties": {
               "mcpServer": {"type": "string", "description": "The server deployed."},
               "version": {"type": "string", "description": "The version deployed."},
               "environment": {"type": "string", "description": "staging, production (default), ..."},
               "timestamp": {"type": "string", "format": "date-time", "description": "When (default now)."},
               "deployedBy": {"type": "string"},
               "notes": {"type": "string"}
             },
             "required": ["mcpServer", "version"], "additionalProperties": false}
            """;

    static final String LIST_SCHEMA = """
            {"type": "object",
             "properties": {
               "mcpServer": {"type": "string"}, "environment": {"type": "string"},
               "startTime": {"type": "string", "format": "date-time"}, "endTime": {"type": "string", "format": "date-time"},
               "limit": {"type": "integer", "minimum": 1}
             },
             "additionalProperties": false}
            """;

    static final String COMPARE_SCHEMA = """
            {"type": "object",
             "properties": {
               "mcpServer": {"type": "string", "description": "The server judged: the one deployed, or the candidate (e.g. staging) against baselineServer."},
               "toolName": {"type": "string", "description": "Only this tool (default: every tool)."},
               "deploymentId": {"type": "string", "description": "Judge this deployment: windowMinutes before it against windowMinutes after it."},
               "windowMinutes": {"type": "number", "minimum": 1, "description": "Length of each side around a deployment (default 15)."},
               "before": %s,
               "after": %s,
               "baselineServer": {"type": "string", "description": "Compare mcpServer against this server (e.g. production) over startTime..endTime."},
               "startTime": {"type": "string", "format": "date-time", "description": "With baselineServer (default an hour before endTime)."},
               "endTime": {"type": "string", "format": "date-time", "description": "With baselineServer (default now)."},
               "thresholds": {"type": "object", "description": "Overrides of the judge's thresholds: alpha (0.01), minCallsPerTool (50), marginalLatencyRatio (1.2), failLatencyRatio (1.5), marginalDelta (0.33), failDelta (0.474), marginalErrorPoints (0.5), failErrorPoints (2).",
                 "properties": {"alpha": {"type": "number"}, "minCallsPerTool": {"type": "integer"},
                   "marginalLatencyRatio": {"type": "number"}, "failLatencyRatio": {"type": "number"},
                   "marginalDelta": {"type": "number"}, "failDelta": {"type": "number"},
                   "marginalErrorPoints": {"type": "number"}, "failErrorPoints": {"type": "number"}},
                 "additionalProperties": false}
             },
             "additionalProperties": false}
            """.formatted(WINDOW, WINDOW);
}
