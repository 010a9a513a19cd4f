package io.mcpmonitor.mcp.fleet;

import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.GroupBy;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.MetricsResult;
import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.query.Trend;
import io.mcpmonitor.mcp.discovery.ListServersTool;
import io.mcpmonitor.mcp.query.GetMetricsTool;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolModule;
import io.mcpmonitor.prometheus.fleet.FleetQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code list_servers} and {@code get_metrics} over the whole fleet, answered from PromQL
 * ({@code serve --prometheus-url}) with the same answer shapes as over the local store, plus
 * {@code source} ({@code prometheus}) and {@code exactness}, which says where the answer is less exact
 * than the store's (percentiles to the width of a semconv bucket). {@code get_metrics} answers the
 * whole range ({@code groupBy} none); per-minute points stay with each host's sidecar or Grafana.
 */
public final class FleetTools implements ToolModule {

    private final FleetQueries fleet;

    public FleetTools(FleetQueries fleet) {
        this.fleet = fleet;
    }

    /** {@code modules} with their local list_servers and get_metrics replaced by the fleet's. */
    public static List<ToolModule> over(List<ToolModule> modules, FleetQueries fleet) {
        List<ToolModule> out = new ArrayList<>();
        out.add(new FleetTools(fleet));
        for (ToolModule m : modules) {
            if (!(m instanceof ListServersTool) && !(m instanceof GetMetricsTool)) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public List<ToolDefinition> tools(ToolContext context) {
        return List.of(
                new ToolDefinition("get_metrics", "Get metrics (fleet)",
                        "Response times (avg, p50, p95, p99, max), error rate, call count or throughput per MCP server and tool "
                                + "over a time range (default: the last hour), for every host Prometheus scrapes at "
                                + fleet.promql().base() + "; with errors by outcome and the trend against the previous period. "
                                + "Percentiles are exact to a histogram bucket's width.",
                        GetMetricsTool.SCHEMA, args -> metrics(context, args)),
                new ToolDefinition("list_servers", "List servers (fleet)",
                        "The MCP servers and tools of every host Prometheus scrapes at " + fleet.promql().base()
                                + ", with first and last seen and call and error counts over the data retained.",
                        ListServersTool.SCHEMA, this::servers));
    }

    private ToolAnswer servers(Arguments args) throws InvalidArgumentException {
        args.rejectUnknown(Set.of("mcpServer"));
        String only = args.optionalName("mcpServer");
        List<FleetQueries.ToolTotals> tools = ask(() -> fleet.servers(only, Instant.now()));
        Map<String, List<FleetQueries.ToolTotals>> byServer = new LinkedHashMap<>();
        tools.forEach(t -> byServer.computeIfAbsent(t.server(), k -> new ArrayList<>()).add(t));
        List<Map<String, Object>> servers = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (var e : byServer.entrySet()) {
            List<Map<String, Object>> list = new ArrayList<>();
            long calls = 0;
            long errors = 0;
            String first = null;
            String last = null;
            for (FleetQueries.ToolTotals t : e.getValue()) {
                Map<String, Object> tool = new LinkedHashMap<>();
                tool.put("toolName", t.tool());
                tool.put("firstSeen", t.firstSeen() == null ? null : t.firstSeen().toString());
                tool.put("lastSeen", t.lastSeen() == null ? null : t.lastSeen().toString());
                tool.put("calls", t.calls());
                tool.put("errors", t.errors());
                list.add(tool);
                calls += t.calls();
                errors += t.errors();
                first = min(first, (String) tool.get("firstSeen"));
                last = max(last, (String) tool.get("lastSeen"));
            }
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("mcpServer", e.getKey());
            server.put("firstSeen", first);
            server.put("lastSeen", last);
            server.put("calls", calls);
            server.put("errors", errors);
            server.put("tools", list);
            servers.add(server);
            text.append(String.format("%s: %d tools, %d calls, %d errors, last seen %s%n", e.getKey(), list.size(), calls, errors, last));
        }
        if (servers.isEmpty()) {
            text.append(only == null ? "no server in Prometheus yet" : "no calls of " + only + " in Prometheus");
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("servers", servers);
        structured.put("count", servers.size());
        structured.put("source", "prometheus");
        structured.put("exactness", FleetQueries.EXACTNESS);
        return new ToolAnswer(structured, text + "(" + FleetQueries.EXACTNESS + ")\n");
    }

    private ToolAnswer metrics(ToolContext context, Arguments args) throws InvalidArgumentException {
        args.rejectUnknown(Set.of("mcpServer", "toolName", "startTime", "endTime", "aggregation", "groupBy"));
        MetricsQuery q = MetricsQuery.builder()
                .server(args.optionalName("mcpServer")).tool(args.optionalName("toolName"))
                .start(args.optionalInstant("startTime")).end(args.optionalInstant("endTime"))
                .aggregation(args.optionalEnum("aggregation", Aggregation::fromWireName, Aggregation.AVG))
                .groupBy(args.optionalEnum("groupBy", GroupBy::fromWireName, GroupBy.NONE))
                .build(Instant.ofEpochMilli(context.clock().wallMillis()));
        if (q.groupBy() != GroupBy.NONE) {
            throw new InvalidArgumentException("groupBy", "over the fleet (--prometheus-url) only none is answered; "
                    + "for points per " + q.groupBy().wireName() + " ask a host's sidecar or Grafana");
        }
        MetricsQuery previous = q.previousPeriod();
        Summary now = ask(() -> fleet.summary(q.server(), q.tool(), q.effectiveStart(), q.effectiveEnd()));
        Summary before = ask(() -> fleet.summary(q.server(), q.tool(), previous.effectiveStart(), previous.effectiveEnd()));
        MetricsResult r = new MetricsResult(q, List.of(), now,
                Trend.compare(previous.effectiveStart(), previous.effectiveEnd(), now, before), null);
        Map<String, Object> structured = new LinkedHashMap<>(GetMetricsTool.structured(r));
        structured.put("source", "prometheus");
        structured.put("exactness", FleetQueries.EXACTNESS);
        return new ToolAnswer(structured, GetMetricsTool.text(r) + "(" + FleetQueries.EXACTNESS + ")\n");
    }

    private interface Query<T> {
        T run() throws IOException;
    }

    private static <T> T ask(Query<T> q) {
        try {
            return q.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static String min(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }
}
