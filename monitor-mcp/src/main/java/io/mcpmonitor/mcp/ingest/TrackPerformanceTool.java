package io.mcpmonitor.mcp.ingest;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.record.ReportedCall;
import io.mcpmonitor.core.store.ProcessRecord;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolFailure;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolModule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code track_performance}: servers that are not Java (or not instrumented) report their tool calls.
 * One metric, or a batch in {@code metrics}. A batch is validated whole before anything is stored:
 * one bad entry rejects the call, naming the entry and field, and stores nothing.
 *
 * <p>Reported calls go into the same store, through the same recording path, as the agent's, so
 * every query sees both alike.
 */
public final class TrackPerformanceTool implements ToolModule {

    /** Most metrics accepted in one call. */
    public static final int MAX_BATCH = 10_000;
    /** How far back a timestamp may go. */
    public static final Duration MAX_AGE = Duration.ofDays(7);
    /** How far ahead a timestamp may go (clock skew between machines). */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final Set<String> METRIC_FIELDS = Set.of("mcpServer", "toolName", "duration", "success",
            "errorMessage", "outcome", "resourceUsage", "timestamp");
    private static final Set<String> RESOURCE_FIELDS = Set.of("cpu", "memory", "diskIO");

    private final AtomicLong sequence = new AtomicLong();

    private record Metric(String server, String tool, long durationNanos, Outcome outcome, String errorMessage,
                          long atMillis, Arguments resources) {
    }

    @Override
    public List<ToolDefinition> tools(ToolContext context) {
        return List.of(new ToolDefinition("track_performance", "Track performance",
                "Report tool calls of an MCP server that the agent does not instrument (for example one written in "
                        + "Python or TypeScript): server, tool, duration in ms, success, optional error message, "
                        + "resource usage and timestamp. Send one metric, or up to " + MAX_BATCH
                        + " in `metrics`. Returns the ids of what was stored.",
                SCHEMA, args -> handle(context, args)));
    }

    private ToolAnswer handle(ToolContext context, Arguments args) throws InvalidArgumentException {
        long now = context.clock().wallMillis();
        List<Arguments> batch = args.optionalObjectList("metrics", MAX_BATCH);
        List<Metric> metrics = new ArrayList<>();
        if (batch != null) {
            args.rejectUnknown(Set.of("metrics"));
            for (Arguments a : batch) {
                metrics.add(parse(a, now));
            }
        } else {
            metrics.add(parse(args, now));
        }
        List<String> ids = new ArrayList<>(metrics.size());
        List<ReportedCall> calls = new ArrayList<>(metrics.size());
        List<ProcessRecord> processes = new ArrayList<>();
        for (Metric m : metrics) {
            calls.add(new ReportedCall(m.atMillis, m.server, m.tool, m.durationNanos, m.outcome,
                    m.outcome.isError() ? m.outcome.wireName() : null, m.errorMessage));
            if (m.resources != null) {
                processes.add(resources(m));
            }
            ids.add("m-" + Long.toString(m.atMillis, 36) + "-" + Long.toString(sequence.incrementAndGet(), 36));
        }
        try {
            // "stored" means on disk: the answer waits for the (shared, forced) write.
            context.ingest().recordDurably(calls, processes);
        } catch (java.io.IOException e) {
            throw new ToolFailure("the store cannot be written (" + e.getMessage() + "): none of these "
                    + metrics.size() + (metrics.size() == 1 ? " call was" : " calls were")
                    + " stored; nothing already stored is affected. Retry once the store is writable (read-only or full?).");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (batch == null) {
            out.put("metricId", ids.get(0));
            out.put("timestamp", Instant.ofEpochMilli(metrics.get(0).atMillis).toString());
        } else {
            out.put("metricIds", ids);
            out.put("timestamp", Instant.ofEpochMilli(now).toString());
        }
        out.put("stored", metrics.size());
        String text = batch == null
                ? "stored 1 call of " + metrics.get(0).server + "/" + metrics.get(0).tool + " (" + metrics.get(0).outcome.wireName() + ")"
                : "stored " + metrics.size() + " calls";
        return new ToolAnswer(out, text);
    }

    private static Metric parse(Arguments a, long now) throws InvalidArgumentException {
        a.rejectUnknown(METRIC_FIELDS);
        String server = a.requiredName("mcpServer");
        String tool = a.requiredName("toolName");
        double durationMs = a.requiredNumber("duration");
        if (durationMs < 0) {
            throw new InvalidArgumentException(pathOf(a, "duration"), "must be >= 0 (milliseconds), was " + durationMs);
        }
        if (durationMs > 3_600_000) {
            throw new InvalidArgumentException(pathOf(a, "duration"), "must be at most 3600000 ms (one hour), was " + durationMs);
        }
        boolean success = a.requiredBoolean("success");
        Outcome outcome = a.optionalEnum("outcome", Outcome::fromWireName, success ? Outcome.SUCCESS : Outcome.TOOL_ERROR);
        if (success != (outcome == Outcome.SUCCESS)) {
            throw new InvalidArgumentException(pathOf(a, "outcome"), "'" + outcome.wireName() + "' contradicts success=" + success);
        }
        Instant at = a.optionalInstant("timestamp");
        long atMillis = at == null ? now : at.toEpochMilli();
        if (atMillis > now + MAX_SKEW.toMillis()) {
            throw new InvalidArgumentException(pathOf(a, "timestamp"), "is in the future (" + at + ")");
        }
        if (atMillis < now - MAX_AGE.toMillis()) {
            throw new InvalidArgumentException(pathOf(a, "timestamp"), "is more than 7 days old (" + at + ")");
        }
        Arguments resources = a.optionalObject("resourceUsage");
        if (resources != null) {
            resources.rejectUnknown(RESOURCE_FIELDS);
            for (String f : RESOURCE_FIELDS) {
                Double v = resources.optionalNumber(f);
                if (v != null && v < 0) {
                    throw new InvalidArgumentException(pathOf(a, "resourceUsage." + f), "must be >= 0, was " + v);
                }
            }
            Double cpu = resources.optionalNumber("cpu");
            if (cpu != null && cpu > 100) {
                throw new InvalidArgumentException(pathOf(a, "resourceUsage.cpu"), "is a percentage, 0..100, was " + cpu);
            }
        }
        return new Metric(server, tool, Math.round(durationMs * 1_000_000.0), outcome, a.optionalString("errorMessage"),
                atMillis, resources);
    }

    private static String pathOf(Arguments a, String field) {
        return a.pathFor(field);
    }

    private static ProcessRecord resources(Metric m) throws InvalidArgumentException {
        Double cpu = m.resources.optionalNumber("cpu");
        Double memory = m.resources.optionalNumber("memory");
        Double disk = m.resources.optionalNumber("diskIO");
        return new ProcessRecord(m.atMillis, "reported", -1, List.of(m.server), cpu == null ? -1 : cpu,
                memory == null ? -1 : memory, -1, -1, -1, disk == null ? -1 : disk);
    }

    static final String METRIC_PROPERTIES = """
            "mcpServer": {"type": "string", "minLength": 1, "maxLength": 512, "description": "The MCP server that handled the call."},
            "toolName": {"type": "string", "minLength": 1, "maxLength": 512, "description": "The tool that was called."},
            "duration": {"type": "number", "minimum": 0, "maximum": 3600000, "description": "How long the call took, in milliseconds."},
            "success": {"type": "boolean", "description": "false if the call failed in any way (isError result, exception, ...)."},
            "errorMessage": {"type": "string", "description": "The error message of a failed call."},
            "outcome": {"type": "string", "enum": ["success", "tool_error", "exception", "unknown_tool", "invalid_arguments", "cancelled", "timeout"],
                        "description": "How a failed call failed (default tool_error); must agree with success."},
            "resourceUsage": {"type": "object", "additionalProperties": false, "properties": {
                "cpu": {"type": "number", "minimum": 0, "maximum": 100, "description": "CPU %."},
                "memory": {"type": "number", "minimum": 0, "description": "Memory in MB."},
                "diskIO": {"type": "number", "minimum": 0, "description": "Disk I/O in KB."}}},
            "timestamp": {"type": "string", "format": "date-time", "description": "When the call happened (ISO-8601; default now; at most 7 days ago)."}
            """;

    static final String SCHEMA = """
            {"type": "object",
             "properties": {
               %s,
               "metrics": {"type": "array", "minItems": 1, "maxItems": %d, "description": "A batch of metrics, each with the fields above.",
                           "items": {"type": "object", "additionalProperties": false,
                                     "required": ["mcpServer", "toolName", "duration", "success"],
                                     "properties": {%s}}}
             },
             "additionalProperties": false}
            """.formatted(METRIC_PROPERTIES, MAX_BATCH, METRIC_PROPERTIES);
}
