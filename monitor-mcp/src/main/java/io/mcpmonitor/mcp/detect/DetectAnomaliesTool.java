package io.mcpmonitor.mcp.detect;

import io.mcpmonitor.core.detect.AnomalyDetection;
import io.mcpmonitor.core.detect.DetectionMethod;
import io.mcpmonitor.core.detect.DetectionRequest;
import io.mcpmonitor.core.detect.DetectionResult;
import io.mcpmonitor.core.detect.Sensitivity;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolModule;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code detect_anomalies}: the anomalies of every server and tool, or of one, over the
 * last hour, 6 hours (default), day or week, at a sensitivity and with a method. Answers from the
 * detection state the sidecar keeps current in the background ({@link AnomalyDetection#shared}), so
 * a call only analyses the minutes that arrived since the last run, and never waits for a
 * background run to finish.
 */
public final class DetectAnomaliesTool implements ToolModule {

    /** The lookback windows the tool accepts, by name. */
    static final List<String> LOOKBACKS = List.of("1h", "6h", "24h", "7d");

    @Override
    public List<ToolDefinition> tools(ToolContext context) {
        return List.of(new ToolDefinition("detect_anomalies", "Detect anomalies",
                "Finds abnormal behaviour per MCP server and tool: response time spikes and shifts (p50/p95/p99), error "
                        + "rate spikes (per outcome class), throughput drops and surges, CPU/heap spikes of the server's "
                        + "process. Each anomaly has a severity, the current value against the expected range, the "
                        + "deviation, a confidence, and recommendations drawn from the context (top error messages, "
                        + "resource usage then, a new server process, whether other tools of the server degraded too). "
                        + "An ongoing incident is one anomaly, updated.",
                SCHEMA, args -> handle(context, args)));
    }

    private static ToolAnswer handle(ToolContext context, Arguments args) throws InvalidArgumentException {
        args.rejectUnknown(Set.of("mcpServer", "toolName", "lookbackWindow", "sensitivity", "method"));
        String lookback = args.optionalEnum("lookbackWindow", DetectAnomaliesTool::lookback, "6h");
        DetectionRequest request = new DetectionRequest(args.optionalName("mcpServer"), args.optionalName("toolName"),
                parseLookback(lookback), args.optionalEnum("sensitivity", Sensitivity::parse, Sensitivity.MEDIUM),
                args.optionalEnum("method", DetectionMethod::parse, DetectionMethod.AUTO));
        context.readYourWrites();
        // standing latency problems are judged against the alert rules in force
        DetectionResult r = context.alerts() == null
                ? AnomalyDetection.shared(context.reader()).detect(request, context.clock().wallMillis())
                : AnomalyDetection.shared(context.reader()).detect(request, context.clock().wallMillis(), context.alerts().rules());
        return new ToolAnswer(AnomalyJson.result(r, lookback), AnomalyJson.text(r, lookback));
    }

    private static String lookback(String s) {
        if (!LOOKBACKS.contains(s)) {
            throw new IllegalArgumentException("must be one of 1h, 6h, 24h, 7d, was '" + s + "'");
        }
        return s;
    }

    static Duration parseLookback(String s) {
        return switch (s) {
            case "1h" -> Duration.ofHours(1);
            case "24h" -> Duration.ofHours(24);
            case "7d" -> Duration.ofDays(7);
            default -> Duration.ofHours(6);
        };
    }

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               "mcpServer": {"type": "string", "description": "Only this server (default: all)."},
               "toolName": {"type": "string", "description": "Only this tool (default: all). Process resource anomalies belong to a server, not a tool, and are listed only without toolName."},
               "lookbackWindow": {"type": "string", "enum": ["1h", "6h", "24h", "7d"], "description": "How far back to report anomalies (default 6h)."},
               "sensitivity": {"type": "string", "enum": ["low", "medium", "high"], "description": "How readily to flag (default medium). high also flags small deviations; use it to investigate."},
               "method": {"type": "string", "enum": ["auto", "z-score", "moving-avg", "percentile"], "description": "auto (default): robust, aware of daily patterns, one anomaly per incident. z-score (3.0/2.5/2.0 sd), moving-avg (x3/x2/x1.5 the mean deviation) and percentile (99.5/99/98) are the classic methods."}
             },
             "additionalProperties": false}
            """;
}
