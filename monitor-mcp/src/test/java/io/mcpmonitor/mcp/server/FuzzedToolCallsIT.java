package io.mcpmonitor.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 tool calls with fuzzed arguments (seeded, so a failure is reproducible) against the packaged
 * sidecar over stdio: every call is answered with a tool result — never a JSON-RPC error, never a
 * crash —, every refusal names the field it refuses, and what was stored before is still there.
 * Arguments mix the tools' own property names with unknown ones, and every JSON type with hostile
 * values: huge and tiny numbers, fractions where integers belong, times at year ±999999999, path
 * traversals, control characters, deep nesting.
 */
class FuzzedToolCallsIT {

    static final int CALLS = 10_000;
    static final long SEED = 20261202L;

    @TempDir
    Path store;

    long slowestMillis;
    String slowest = "";

    @Test
    void tenThousandFuzzedCallsGetAnswersThatNameTheFieldAndLoseNothingStored() {
        List<String> stderr = new ArrayList<>();
        McpSyncClient client = SidecarProcess.stdio(store, stderr);
        try {
            List<Map<String, Object>> known = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                known.add(Map.of("mcpServer", "keep", "toolName", "t", "duration", 10 + i, "success", true));
            }
            assertThat(client.callTool(CallToolRequest.builder("track_performance").arguments(Map.of("metrics", known)).build())
                    .isError()).isFalse();

            List<Tool> tools = client.listTools().tools().stream()
                    .filter(t -> !t.name().equals("silence_alerts") && !t.name().equals("set_alert_threshold")
                            && !t.name().equals("delete_alert_rule") && !t.name().equals("acknowledge_alert"))
                    .toList();
            Random rnd = new Random(SEED);
            int refused = 0;
            for (int i = 0; i < CALLS; i++) {
                Tool tool = tools.get(rnd.nextInt(tools.size()));
                Map<String, Object> args = arguments(tool, rnd);
                CallToolResult r;
                long t0 = System.nanoTime();
                try {
                    r = client.callTool(CallToolRequest.builder(tool.name()).arguments(args).build());
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    if (ms > slowestMillis) {
                        slowestMillis = ms;
                        slowest = tool.name() + " " + args;
                    }
                } catch (RuntimeException e) {
                    throw new AssertionError("call " + i + ": " + tool.name() + " " + args + " got no tool result: " + e, e);
                }
                if (Boolean.TRUE.equals(r.isError())) {
                    refused++;
                    @SuppressWarnings("unchecked")
                    Map<String, Object> error = (Map<String, Object>) SidecarProcess.structured(r).get("error");
                    assertThat(error).as("call %d: %s %s -> %s", i, tool.name(), args, r.content()).isNotNull();
                    assertThat((String) error.get("field")).as("call %d: %s %s -> %s", i, tool.name(), args, r.content())
                            .isNotBlank();
                }
            }
            assertThat(refused).as("the fuzz reaches the validation").isGreaterThan(CALLS / 4);
            System.err.println("FuzzedToolCallsIT: slowest call " + slowestMillis + " ms: " + slowest);
            Instant end = Instant.now().plus(2, ChronoUnit.MINUTES);
            CallToolResult kept = client.callTool(CallToolRequest.builder("get_metrics").arguments(Map.of("mcpServer", "keep",
                    "aggregation", "count", "startTime", end.minus(1, ChronoUnit.HOURS).toString(), "endTime", end.toString())).build());
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = (Map<String, Object>) SidecarProcess.structured(kept).get("summary");
            assertThat(((Number) summary.get("totalCalls")).longValue()).as("stored before the fuzz").isEqualTo(50);
        } finally {
            client.closeGracefully();
        }
        assertThat(stderr).noneMatch(l -> l.contains("Exception") && !l.contains("InvalidArgument"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> arguments(Tool tool, Random rnd) {
        Object p = tool.inputSchema() == null ? null : tool.inputSchema().get("properties");
        Map<String, Object> props = p instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        List<String> names = new ArrayList<>(props.keySet());
        Map<String, Object> args = new LinkedHashMap<>();
        int n = rnd.nextInt(5);
        for (int k = 0; k < n; k++) {
            String name = names.isEmpty() || rnd.nextInt(8) == 0 ? "unknown" + rnd.nextInt(3) : names.get(rnd.nextInt(names.size()));
            args.put(name, value(rnd, 0));
        }
        if (tool.name().equals("track_performance") && rnd.nextBoolean()) {
            List<Object> metrics = new ArrayList<>();
            for (int m = rnd.nextInt(4); m > 0; m--) {
                Map<String, Object> metric = new LinkedHashMap<>();
                for (String f : List.of("mcpServer", "toolName", "duration", "success", "timestamp", "outcome", "errorMessage",
                        "resourceUsage")) {
                    if (rnd.nextInt(3) > 0) {
                        metric.put(f, value(rnd, 1));
                    }
                }
                metrics.add(rnd.nextInt(6) == 0 ? value(rnd, 1) : metric);
            }
            args = new LinkedHashMap<>(Map.of("metrics", metrics));
        }
        return args;
    }

    static final Object[] HOSTILE = {"", " ", "../../etc/passwd", "..", "/", "a/b", "\u0000", "\u202e", "<script>x</script>",
            "x".repeat(600), "2026-13-40T99:99:99Z", "+999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z", "2026-12-02T10:00:00Z", "9999-12-31T23:59:59Z", "p95", "error_rate", "minute", "24h",
            "critical", "success", "tool_error", "NaN", "1e309", 123.456, 5e-324, -0.0, 1e308, -1e308, Long.MAX_VALUE,
            Long.MIN_VALUE, 0, -1, 1, 59, 1_000_000, true, false};

    static Object value(Random rnd, int depth) {
        int kind = rnd.nextInt(depth > 2 ? 3 : 5);
        return switch (kind) {
            case 0, 1 -> HOSTILE[rnd.nextInt(HOSTILE.length)];
            case 2 -> rnd.nextInt(4) == 0 ? null : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12));
            case 3 -> {
                List<Object> l = new ArrayList<>();
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    l.add(value(rnd, depth + 1));
                }
                yield l;
            }
            default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    m.put(rnd.nextBoolean() ? "cpu" : "k" + rnd.nextInt(3), value(rnd, depth + 1));
                }
                yield m;
            }
        };
    }
}
