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
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON the dashboard page polls, under {@code /api/}:
 * <ul>
 *   <li>{@code GET /api/dashboard?server=NAME}: the {@code get_performance_dashboard} answer, the last
 *       {@value #TIMELINE_MINUTES} minutes of p50/p95/p99 and error rate of one server (all without
 *       {@code server}), the open alerts, and the anomalies of the last 6 hours (at most
 *       {@value #MAX_ANOMALIES});</li>
 *   <li>{@code POST /api/acknowledge} with {@code {"alertId", "acknowledgedBy", "notes"?}}: the
 *       {@code acknowledge_alert} tool's own handler, so the page and MCP clients acknowledge alike;
 *       bad input is a 400 naming the field.</li>
 * </ul>
 * Thread-safe: Jetty calls it from many threads; everything it uses is.
 */
final class DashboardApi extends HttpServlet {

    static final int TIMELINE_MINUTES = 60;
    static final int MAX_ANOMALIES = 20;
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient ToolContext context;
    private final transient HealthDashboard health;
    private final transient ToolHandler acknowledge;

    DashboardApi(ToolContext context) {
        this.context = context;
        this.health = new HealthDashboard(context.reader(), context.alerts());
        this.acknowledge = new AlertLifecycleTools().tools(context).stream()
                .filter(t -> t.name().equals("acknowledge_alert")).map(ToolDefinition::handler).findFirst().orElseThrow();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (!"/dashboard".equals(req.getPathInfo())) {
            send(res, 404, Map.of("error", "no such resource"));
            return;
        }
        String server = req.getParameter("server");
        server = server == null || server.isBlank() ? null : server;
        context.readYourWrites();
        long now = context.clock().wallMillis();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dashboard", DashboardJson.dashboard(health.compute(now), DashboardPage.REFRESH_SECONDS));
        Map<String, Object> timeline = new LinkedHashMap<>();
        timeline.put("mcpServer", server);
        timeline.put("points", DashboardJson.timeline(health.timeline(server, TIMELINE_MINUTES, now)));
        out.put("timeline", timeline);
        List<Alert> open = context.alerts().alerts(false);
        out.put("alerts", open.stream().map(a -> AlertJson.alert(a, context.alerts().isSilenced(a, now))).toList());
        out.put("anomalies", anomalies(now));
        send(res, 200, out);
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
