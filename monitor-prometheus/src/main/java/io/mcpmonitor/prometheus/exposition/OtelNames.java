package io.mcpmonitor.prometheus.exposition;

import io.mcpmonitor.core.call.Outcome;

/**
 * The OpenTelemetry MCP semantic-convention names as Prometheus renders them (dots become
 * underscores, the unit and {@code _total} are suffixed), and the label values they carry.
 * Everything exported, and everything a PromQL reader or a Grafana panel asks for, uses these.
 */
public final class OtelNames {

    /** {@code mcp.server.operation.duration}, seconds; exposed with {@code _seconds}. */
    public static final String DURATION = "mcp_server_operation_duration_seconds";
    /** Calls by outcome; the histogram cannot split by outcome (the store keeps one histogram per tool). */
    public static final String CALLS = "mcp_server_operation_calls_total";
    /** Tool names folded into {@link #OTHER} because a server passed the series cap. */
    public static final String FOLDED = "mcp_monitor_folded_tool_names";
    /** When a series' data begins and ends in its store, epoch seconds (what {@code list_servers} shows). */
    public static final String FIRST_SEEN = "mcp_monitor_series_first_seen_timestamp_seconds";
    public static final String LAST_SEEN = "mcp_monitor_series_last_seen_timestamp_seconds";
    public static final String PROCESS_CPU = "process_cpu_utilization_ratio";
    public static final String HEAP_USED = "jvm_memory_used_bytes";
    public static final String HEAP_LIMIT = "jvm_memory_limit_bytes";
    public static final String DISK_IO = "process_disk_io_bytes_total";

    public static final String METHOD = "mcp_method_name";
    public static final String TOOL = "gen_ai_tool_name";
    public static final String ERROR_TYPE = "error_type";
    public static final String SERVER = "mcp_server_name";
    public static final String OUTCOME = "outcome";

    /** The method every stored series is a call of. */
    public static final String TOOLS_CALL = "tools/call";
    /** The tool name the excess tools of a capped server are folded into. */
    public static final String OTHER = "other";

    /**
     * The semconv's advice boundaries for {@code mcp.server.operation.duration}, seconds, ascending.
     */
    public static final double[] BOUNDARIES = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300};

    private OtelNames() {
    }

    /** A counter's name as given to the exposition library, which appends {@code _total} itself. */
    static String counterBase(String counter) {
        return counter.substring(0, counter.length() - "_total".length());
    }

    /**
     * The semconv's {@code error.type} of an outcome: the JSON-RPC code the client saw, {@code tool_error}
     * for {@code isError: true}, or the outcome's own name where no code applies; empty for success.
     */
    public static String errorType(Outcome o) {
        return switch (o) {
            case SUCCESS -> "";
            case TOOL_ERROR -> "tool_error";
            case EXCEPTION -> "-32603";
            case UNKNOWN_TOOL, INVALID_ARGUMENTS -> "-32602";
            case CANCELLED, TIMEOUT -> o.wireName();
        };
    }
}
