package io.mcpmonitor.mcp.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.detect.AnomalyDetection;
import io.mcpmonitor.core.detect.DetectionMethod;
import io.mcpmonitor.core.detect.DetectionRequest;
import io.mcpmonitor.core.detect.Sensitivity;
import io.mcpmonitor.core.health.HealthDashboard;
import io.mcpmonitor.mcp.alert.AlertJson;
import io.mcpmonitor.mcp.alert.AlertLifecycleTools;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.StructuredJson;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolHandler;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.time.Instant;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.Summary;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON the dashboard page polls, under {@code /api/}:
 * <ul>
 *   <li>{@code GET /api/dashboard?server=NAME&tool=NAME&range=1h}: the {@code get_performance_dashboard}
 *       answer; whether the store holds anything ({@code storeEmpty}); the charts of the scope (every
 *       server, one, or one of its tools) over the range ({@code 15m}, {@code 1h} default, {@code 6h},
 *       {@code 24h}, {@code 7d}; see {@link RangeSeries}); with a server, its tools over the range
 *       (calls, p50/p95/p99, error rate, top error); with a tool, its top errors; the open alerts; and
 *       the anomalies of the last 6 hours (at most {@value #MAX_ANOMALIES}). A bad range is a 400
 *       naming the field;</li>
 *   <li>{@code POST /api/acknowledge} with {@code {"alertId", "acknowledgedBy", "notes"?}}: the
 *       {@code acknowledge_alert} tool's own handler, so the page and MCP clients acknowledge alike;
 *       bad input is a 400 naming the field.</li>
 * </ul>
 * Thread-safe: Jetty calls it from many threads; everything it uses is.
 */
final class DashboardApi extends HttpServlet {

    static final int MAX_ANOMALIES = 20;
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient ToolContext context;
    /** Clients the dashboard lists for a selection. */
    static final int TOP_CLIENTS = 10;

    private final transient HealthDashboard health;
    private final transient ToolHandler acknowledge;
    private final transient MetricsQueries queries;

    DashboardApi(ToolContext context) {
        this.context = context;
        this.health = new HealthDashboard(context.reader(), context.alerts());
        this.queries = new MetricsQueries(context.reader());
        this.acknowledge = new AlertLifecycleTools().tools(context).stream()
                .filter(t -> t.name().equals("acknowledge_alert")).map(ToolDefinition::handler).findFirst().orElseThrow();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (!"/dashboard".equals(req.getPathInfo())) {
            send(res, 404, Map.of("error", "no such resource"));
            return;
        }
        String server = blankToNull(req.getParameter("server"));
        String tool = server == null ? null : blankToNull(req.getParameter("tool"));
        DashboardRange range;
        try {
            range = DashboardRange.parse(req.getParameter("range"));
        } catch (IllegalArgumentException e) {
            send(res, 400, Map.of("error", Map.of("field", "range", "message", e.getMessage())));
            return;
        }
        context.readYourWrites();
        long now = context.clock().wallMillis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dashboard", DashboardJson.dashboard(health.compute(now), DashboardPage.REFRESH_SECONDS));
        out.put("storeEmpty", context.reader().read(ix -> ix.series().isEmpty()));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("range", range.wireName());
        r.put("start", Instant.ofEpochMilli(range.start(now)).toString());
        r.put("end", Instant.ofEpochMilli(range.end(now)).toString());
        r.put("stepSeconds", range.step.toSeconds());
        out.put("range", r);
        Map<String, Object> timeline = new LinkedHashMap<>();
        timeline.put("mcpServer", server);
        timeline.put("toolName", tool);
        String s = server;
        String t = tool;
        timeline.put("points", DashboardJson.points(context.reader().read(ix -> RangeSeries.of(ix, s, t, range, now))));
        out.put("timeline", timeline);
        // Deployments of the range, drawn as markers on the charts; names are data, the page escapes them.
        out.put("deployments", io.mcpmonitor.core.report.DeploymentSource.of(context.reader().store().root())
                .deployments(Instant.ofEpochMilli(range.start(now)), Instant.ofEpochMilli(range.end(now)), server).stream()
                .map(d -> Map.<String, Object>of("timestamp", d.at().toString(), "mcpServer", d.server(), "version", d.version(),
                        "verdict", d.verdict(), "label", d.label())).toList());
        if (server != null) {
            out.put("tools", tools(server, range, now));
        }
        if (tool != null) {
            out.put("topErrors", DashboardJson.errors(summary(server, tool, range, now).topErrors()));
        }
        // The clients of the selection's tool calls over the range; labels are data, the page escapes them.
        out.put("topClients", queries.clientTotals(new io.mcpmonitor.core.query.MetricsQuery(server, tool,
                        Instant.ofEpochMilli(range.start(now)), Instant.ofEpochMilli(Math.max(range.end(now), range.start(now) + 1)),
                        io.mcpmonitor.core.query.Aggregation.COUNT, io.mcpmonitor.core.query.GroupBy.NONE)).stream()
                .limit(TOP_CLIENTS).map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("client", c.client());
                    m.put("calls", c.calls());
                    m.put("errors", c.errors());
                    m.put("errorRate", Double.isNaN(c.errorRate()) ? null : c.errorRate());
                    return m;
                }).toList());
        List<Alert> open = context.alerts().alerts(false);
        out.put("alerts", open.stream().map(a -> AlertJson.alert(a, context.alerts().isSilenced(a, now))).toList());
        out.put("anomalies", anomalies(now));
        send(res, 200, out);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Each tool of {@code server} seen in the range: calls, percentiles, error rate and its most frequent error. */
    private List<Map<String, Object>> tools(String server, DashboardRange range, long now) {
        long from = range.start(now);
        List<String> names = context.reader().read(ix -> ix.series().stream()
                .filter(x -> server.equals(x.key().server()) && x.lastSeenMillis() > from)
                .map(x -> x.key().tool()).sorted().distinct().toList());
        List<Map<String, Object>> tools = new ArrayList<>();
        for (String name : names) {
            Summary sum = summary(server, name, range, now);
            if (sum.totalCalls() > 0) {
                tools.add(DashboardJson.tool(name, sum));
            }
        }
        return tools;
    }

    private Summary summary(String server, String tool, DashboardRange range, long now) {
        MetricsQuery q = MetricsQuery.builder().server(server).tool(tool).start(Instant.ofEpochMilli(range.start(now)))
                .end(Instant.ofEpochMilli(range.end(now))).build(Instant.ofEpochMilli(now));
        return queries.runWithoutRefresh(q).summary();
    }

    private List<Map<String, Object>> anomalies(long now) {
        try {
            DetectionRequest recent = new DetectionRequest(null, null, Duration.ofHours(6), Sensitivity.MEDIUM, DetectionMethod.AUTO);
            return AnomalyDetection.shared(context.reader()).detect(recent, now).anomalies().stream()
                    .limit(MAX_ANOMALIES).map(DashboardJson::anomaly).toList();
        } catch (RuntimeException e) {
            LOG.warn("dashboard: anomalies unavailable: {}", e.toString());
            return List.of();
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (!"/acknowledge".equals(req.getPathInfo())) {
            send(res, 404, Map.of("error", "no such resource"));
            return;
        }
        byte[] body = req.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            send(res, 413, Map.of("error", "body larger than " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        Map<String, Object> args;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = JSON.readValue(new String(body, StandardCharsets.UTF_8), Map.class);
            args = parsed;
        } catch (IOException | RuntimeException e) {
            send(res, 400, Map.of("error", Map.of("field", "", "message", "the body must be a JSON object")));
            return;
        }
        try {
            ToolAnswer answer = acknowledge.handle(new Arguments(args));
            LOG.info("dashboard: {}", answer.text());
            send(res, 200, answer.structured());
        } catch (InvalidArgumentException e) {
            send(res, 400, Map.of("error", Map.of("field", e.field(), "message", e.getMessage())));
        }
    }

    private static void send(HttpServletResponse res, int status, Map<String, ?> body) throws IOException {
        res.setStatus(status);
        res.setContentType("application/json;charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.getOutputStream().write(StructuredJson.toJson(body).getBytes(StandardCharsets.UTF_8));
    }
}
