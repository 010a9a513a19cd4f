package io.mcpmonitor.mcp.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.mcp.server.SidecarProcess;
import io.mcpmonitor.mcp.server.StdioJvm;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import io.modelcontextprotocol.spec.McpSchema.InitializeResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations other than tools/call are timed by the agent and queryable by method: example-server (its resource
 * template {@code example://notes/{id}} and prompt {@code summarize}) runs over stdio under the real agent in a
 * spawned JVM; a real MCP Java client initialises, reads resources, gets prompts (known and unknown ones) and
 * calls a tool; then the sidecar, over stdio, answers get_metrics by method (named by URI template and prompt
 * name), grouped by method, and unchanged without a method (tool calls only), and list_servers shows the
 * protocol version the session negotiated. One example-server and one sidecar process for the class.
 */
class OperationsByMethodIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String CLIENT = "ops-client/1.4";

    @TempDir
    static Path store;
    static String negotiated;

    @BeforeAll
    static void runTheHost() {
        McpSyncClient host = McpClient.sync(new StdioClientTransport(StdioJvm.exampleServer("store=" + store).build(),
                        McpJsonDefaults.getMapper()))
                .clientInfo(new Implementation("ops-client", "1.4")).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT)
                .build();
        try {
            InitializeResult init = host.initialize();
            negotiated = init.protocolVersion();
            // Over stdio one request at a time, with a short pause: the SDK's stdio transport can lose a session when
            // two responses go out at once.
            for (int id = 1; id <= 3; id++) {
                var read = host.readResource(new ReadResourceRequest("example://notes/" + id));
                assertThat(((TextResourceContents) read.contents().get(0)).text()).isEqualTo("note " + id);
                pause();
            }
            Assertions.assertThatThrownBy(() -> host.readResource(new ReadResourceRequest("other://nothing/here")))
                    .isInstanceOf(McpError.class);
            pause();
            for (String topic : List.of("tides", "moths")) {
                assertThat(host.getPrompt(new GetPromptRequest("summarize", Map.of("topic", topic))).description())
                        .isEqualTo("summary of " + topic);
                pause();
            }
            Assertions.assertThatThrownBy(() -> host.getPrompt(new GetPromptRequest("no_such_prompt", Map.of())))
                    .isInstanceOf(McpError.class);
            pause();
            for (int i = 0; i < 2; i++) {
                CallToolResult r = host.callTool(CallToolRequest.builder("echo").arguments(Map.of("text", "e" + i)).build());
                assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
                pause();
            }
        } finally {
            host.closeGracefully(); // stdin closes, the server exits and the agent flushes at shutdown
        }
    }

    @Test
    void theSidecarAnswersByMethodAndListsTheNegotiatedProtocolVersion() throws Exception {
        McpSyncClient sidecar = SidecarProcess.stdio(store, TIMEOUT, null);
        try {
            // The host flushed at its exit, which closeGracefully does not wait for: poll until its data is there.
            awaitCount(sidecar, Map.of("groupBy", "method"), "initialize", 1);

            assertThat(countsBy(sidecar, "toolName", Map.of("method", "resources/read")))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("example://notes/{id}", 3L, "(unknown resource)", 1L));
            assertThat(countsBy(sidecar, "toolName", Map.of("method", "prompts/get")))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("summarize", 2L, "(unknown prompt)", 1L));
            assertThat(countsBy(sidecar, "method", Map.of("groupBy", "method"))).containsExactlyInAnyOrderEntriesOf(
                    Map.of("tools/call", 2L, "resources/read", 4L, "prompts/get", 3L, "initialize", 1L));
            // Without a method, answers are about tool calls only, as before other methods were recorded.
            assertThat(countsBy(sidecar, "toolName", Map.of())).containsExactlyEntriesOf(Map.of("echo", 2L));
            // Attributed to the calling client, like tool calls.
            assertThat(countsBy(sidecar, "client", Map.of("method", "prompts/get", "groupBy", "client")))
                    .containsExactlyInAnyOrderEntriesOf(Map.of(CLIENT, 3L));
            // Timed: a latency of the template's series, and the unknown resource as an error.
            Map<String, Object> p95 = metrics(sidecar, Map.of("method", "resources/read", "toolName", "example://notes/{id}",
                    "aggregation", "p95"));
            assertThat(((Number) summary(p95).get("p95ResponseTime")).doubleValue()).isPositive();
            Map<String, Object> errors = metrics(sidecar, Map.of("method", "resources/read", "aggregation", "error_rate"));
            assertThat(((Number) summary(errors).get("errorRate")).doubleValue()).isEqualTo(25.0);

            CallToolResult servers = sidecar.callTool(CallToolRequest.builder("list_servers").arguments(Map.of()).build());
            Map<String, Object> server = onlyServer(servers);
            assertThat(server.get("mcpServer")).isEqualTo("example-server");
            assertThat(server.get("protocolVersions")).isEqualTo(List.of(Map.of("protocolVersion", negotiated, "sessions", 1,
                    "lastSeen", ((Map<?, ?>) ((List<?>) server.get("protocolVersions")).get(0)).get("lastSeen"))));
            assertThat(servers.content().toString()).contains("protocol " + negotiated + " (1 session)");

            CallToolResult refused = sidecar.callTool(CallToolRequest.builder("get_metrics")
                    .arguments(Map.of("method", "tools/list")).build());
            assertThat(refused.isError()).isTrue();
            assertThat(refused.content().toString()).contains("method");
        } finally {
            sidecar.closeGracefully();
        }
    }

    private static void awaitCount(McpSyncClient sidecar, Map<String, Object> args, String method, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<String, Long> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = countsBy(sidecar, "method", args);
            if (last.getOrDefault(method, 0L) >= expected) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + method + " in the store within " + TIMEOUT + ": " + last);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyServer(CallToolResult r) {
        assertThat(r.isError()).as("list_servers: %s", r.content()).isNotEqualTo(Boolean.TRUE);
        List<Object> list = (List<Object>) ((Map<String, Object>) r.structuredContent()).get("servers");
        assertThat(list).hasSize(1);
        return (Map<String, Object>) list.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> summary(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("summary");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> countsBy(McpSyncClient sidecar, String key, Map<String, Object> extra) {
        Map<String, Object> args = new HashMap<>(extra);
        args.put("aggregation", "count");
        Map<String, Long> out = new HashMap<>();
        for (Object p : (List<Object>) metrics(sidecar, args).get("points")) {
            Map<String, Object> point = (Map<String, Object>) p;
            out.merge((String) point.get(key), ((Number) point.get("count")).longValue(), Long::sum);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metrics(McpSyncClient sidecar, Map<String, Object> extra) {
        Map<String, Object> args = new HashMap<>(extra);
        args.putIfAbsent("aggregation", "count");
        args.put("startTime", Instant.now().minus(Duration.ofHours(1)).toString());
        CallToolResult r = sidecar.callTool(CallToolRequest.builder("get_metrics").arguments(args).build());
        assertThat(r.isError()).as("get_metrics %s: %s", args, r.content()).isNotEqualTo(Boolean.TRUE);
        return (Map<String, Object>) r.structuredContent();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
