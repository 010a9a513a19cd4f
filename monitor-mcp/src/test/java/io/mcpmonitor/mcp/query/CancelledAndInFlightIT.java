package io.mcpmonitor.mcp.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpmonitor.mcp.server.SidecarProcess;
import io.mcpmonitor.mcp.server.StdioJvm;
import io.mcpmonitor.testkit.Poll;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * A call the client gives up on, end to end: example-server under the agent in its own JVM, called over
 * stdio by the SDK's client; the caller stops waiting after a short timeout and the client sends
 * {@code notifications/cancelled} as MCP clients do on a request timeout (the SDK's Java client sends
 * none, so the test's transport does, as the TypeScript SDK's client does). While the call runs, the sidecar over
 * stdio shows it in flight (count 1, a growing oldest age) in {@code list_servers} and {@code get_metrics};
 * once cancelled it is stored as {@code cancelled} with its duration until the cancellation, not the
 * tool's full time, and the tool's late end is not counted again.
 */
class CancelledAndInFlightIT {

    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    static final long TOOL_MILLIS = 10_000;
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String SERVER = "cancel-it";

    @TempDir
    Path store;

    @Test
    void aCallTheClientGaveUpOnIsInFlightWhileItRunsThenStoredOnceAsCancelledAtTheCancel() throws Exception {
        McpSyncClient sidecar = McpClient.sync(new StdioClientTransport(SidecarProcess.serve(store).build(),
                        McpJsonDefaults.getMapper()))
                .requestTimeout(PATIENCE).initializationTimeout(PATIENCE).build();
        CancellingStdioTransport transport = new CancellingStdioTransport(
                StdioJvm.exampleServer("server=" + SERVER + ",store=" + store + ",flush=500ms").build());
        McpSyncClient client = McpClient.sync(transport).requestTimeout(PATIENCE).initializationTimeout(PATIENCE).build();
        try {
            // Both JVMs start at once: the slowest part of the test on a loaded machine.
            CompletableFuture<?> sidecarUp = CompletableFuture.runAsync(sidecar::initialize);
            client.initialize();
            sidecarUp.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(inFlightOfServer(sidecar)).as("nothing runs yet").containsEntry("count", 0);

            long startNanos = System.nanoTime();
            CompletableFuture<CallToolResult> slow = CompletableFuture.supplyAsync(() ->
                    client.callTool(CallToolRequest.builder("slow_query").arguments(Map.of("delayMs", TOOL_MILLIS)).build()));

            // While it runs: in flight in list_servers, with an oldest age that grows, and in get_metrics per tool.
            Map<String, Object> first = await(() -> inFlightOfServer(sidecar), m -> count(m) == 1, "in flight in list_servers");
            long firstAge = ((Number) first.get("oldestAgeMs")).longValue();
            assertThat(firstAge).isLessThanOrEqualTo(millisSince(startNanos));
            Map<String, Object> later = await(() -> inFlightOfServer(sidecar),
                    m -> count(m) != 1 || ((Number) m.get("oldestAgeMs")).longValue() > firstAge, "a later snapshot");
            Map<String, Object> metricsInFlight = metrics(sidecar, "count").inFlight();
            assertThat(slow.isDone()).as("all seen while the call ran (before the client's timeout)").isFalse();
            assertThat(count(later)).isEqualTo(1);
            assertThat(count(metricsInFlight)).isEqualTo(1);
            assertThat(tools(metricsInFlight)).singleElement().satisfies(t -> {
                assertThat(t).containsEntry("toolName", "slow_query").containsEntry("count", 1);
                assertThat(((Number) t.get("oldestAgeMs")).longValue()).isGreaterThanOrEqualTo(firstAge);
            });

            // The client gives up at its request timeout and tells the server.
            assertThatThrownBy(() -> slow.get(CLIENT_TIMEOUT.toMillis() - millisSince(startNanos), TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
            Object id = transport.lastToolCallId();
            transport.cancel(id, "Request timed out");
            long cancelledAfterMillis = millisSince(startNanos);
            assertThat(cancelledAfterMillis).as("cancelled before the tool ends").isLessThan(TOOL_MILLIS);

            Metrics cancelled = await(() -> metrics(sidecar, "max"), m -> m.totalCalls() == 1, "the cancelled call stored");
            assertThat(cancelled.errorsByOutcome()).isEqualTo(Map.of("cancelled", 1));
            // The server's clock starts when the request arrives, a little after the client's, and stops at the
            // cancellation's arrival: about the client's timeout, far from the tool's full 10 s.
            assertThat(cancelled.maxMillis()).as("its duration until the cancel, not the tool's full time")
                    .isGreaterThanOrEqualTo(CLIENT_TIMEOUT.toMillis() / 2.0).isLessThanOrEqualTo(cancelledAfterMillis + 1_000);
            assertThat(cancelled.topErrorMessages()).contains("cancelled by the client: Request timed out");
            await(() -> inFlightOfServer(sidecar), m -> count(m) == 0, "in flight back to 0");

            // The tool ends later and the server still answers (the SDK ignores the cancellation): not counted again.
            assertThat(slow.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS).isError()).isNotEqualTo(Boolean.TRUE);
            CallToolResult after = client.callTool(CallToolRequest.builder("echo").arguments(Map.of("text", "after")).build());
            assertThat(after.isError()).isNotEqualTo(Boolean.TRUE);
            await(() -> metrics(sidecar, "count", "echo"), m -> m.totalCalls() == 1, "the echo after the late end stored");
            Metrics once = metrics(sidecar, "max");
            assertThat(once.totalCalls()).as("counted once: cancelled").isEqualTo(1);
            assertThat(once.errorsByOutcome()).isEqualTo(Map.of("cancelled", 1));
        } finally {
            client.closeGracefully();
            sidecar.closeGracefully();
        }
    }

    /** What get_metrics said of slow_query (or {@code tool}) on the server under test over the last hour. */
    record Metrics(long totalCalls, Map<String, Object> errorsByOutcome, double maxMillis, List<String> topErrorMessages,
                   Map<String, Object> inFlight) {
    }

    private static Metrics metrics(McpSyncClient sidecar, String aggregation) {
        return metrics(sidecar, aggregation, "slow_query");
    }

    @SuppressWarnings("unchecked")
    private static Metrics metrics(McpSyncClient sidecar, String aggregation, String tool) {
        Map<String, Object> args = new HashMap<>();
        args.put("mcpServer", SERVER);
        args.put("toolName", tool);
        args.put("aggregation", aggregation);
        args.put("startTime", Instant.now().minus(Duration.ofHours(1)).toString());
        Map<String, Object> s = structured(sidecar, "get_metrics", args);
        Map<String, Object> summary = (Map<String, Object>) s.get("summary");
        List<String> messages = new ArrayList<>();
        for (Object e : (List<Object>) summary.getOrDefault("topErrors", List.of())) {
            Map<String, Object> error = (Map<String, Object>) e;
            messages.add(String.valueOf(error.getOrDefault("example", error.get("message"))));
            messages.add(String.valueOf(error.get("message")));
        }
        Object max = summary.get("maxResponseTime");
        return new Metrics(((Number) summary.get("totalCalls")).longValue(),
                (Map<String, Object>) summary.get("errorsByOutcome"), max instanceof Number n ? n.doubleValue() : Double.NaN,
                messages, (Map<String, Object>) s.get("inFlight"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inFlightOfServer(McpSyncClient sidecar) {
        Map<String, Object> s = structured(sidecar, "list_servers", Map.of());
        for (Object o : (List<Object>) s.get("servers")) {
            Map<String, Object> server = (Map<String, Object>) o;
            if (SERVER.equals(server.get("mcpServer"))) {
                return (Map<String, Object>) server.get("inFlight");
            }
        }
        return Map.of("count", 0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tools(Map<String, Object> inFlight) {
        List<Object> servers = (List<Object>) inFlight.get("servers");
        assertThat(servers).singleElement().satisfies(s -> assertThat((Map<String, Object>) s).containsEntry("mcpServer", SERVER));
        return (List<Map<String, Object>>) ((Map<String, Object>) servers.get(0)).get("tools");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSyncClient sidecar, String tool, Map<String, Object> args) {
        CallToolResult r = sidecar.callTool(CallToolRequest.builder(tool).arguments(args).build());
        assertThat(r.isError()).as("%s %s: %s", tool, args, r.content()).isNotEqualTo(Boolean.TRUE);
        return (Map<String, Object>) r.structuredContent();
    }

    private static long count(Map<String, Object> inFlight) {
        return ((Number) inFlight.get("count")).longValue();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Polls {@code read} until {@code done} holds, for at most {@link #PATIENCE}. */
    private static <T> T await(Callable<T> read, Predicate<T> done, String what) throws Exception {
        return Poll.until(what, PATIENCE, Duration.ofMillis(100), read, done);
    }

    /**
     * The SDK's stdio client transport, plus what clients such as the TypeScript SDK's do on a request
     * timeout: it remembers the ids of the tools/call requests it sent and can send
     * {@code notifications/cancelled} for one.
     */
    static final class CancellingStdioTransport extends StdioClientTransport {
        private final List<Object> toolCallIds = Collections.synchronizedList(new ArrayList<>());

        CancellingStdioTransport(ServerParameters params) {
            super(params, McpJsonDefaults.getMapper());
        }

        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            if (message instanceof JSONRPCRequest r && "tools/call".equals(r.method())) {
                toolCallIds.add(r.id());
            }
            return super.sendMessage(message);
        }

        Object lastToolCallId() {
            synchronized (toolCallIds) {
                return toolCallIds.get(toolCallIds.size() - 1);
            }
        }

        void cancel(Object requestId, String reason) {
            sendMessage(new JSONRPCNotification("2.0", "notifications/cancelled",
                    Map.of("requestId", requestId, "reason", reason))).block(PATIENCE);
        }
    }
}
