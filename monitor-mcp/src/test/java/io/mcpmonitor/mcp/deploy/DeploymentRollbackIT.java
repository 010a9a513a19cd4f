package io.mcpmonitor.mcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: example-server under the agent at 1.0.0, then restarted at 2.0.0 with slow_query three
 * times slower. The agent records the deployment; the sidecar ({@code --judge-delay 60s}) judges it
 * {@code fail}, opens a deployment_regression alert, and its {@code mcp_tool} channel calls
 * {@code rollback} on a second real MCP server ({@link RecordingServer}) once, with the right arguments.
 *
 * <p>Takes about three minutes: the store keeps minutes, so each version needs a whole minute of traffic.
 */
class DeploymentRollbackIT {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final long MINUTE = 60_000L;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;
    @TempDir
    Path work;

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static McpSyncClient client(ServerParameters params, List<String> stderr) {
        StdioClientTransport t = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        t.setStdErrorHandler(stderr::add);
        McpSyncClient c = McpClient.sync(t).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
        c.initialize();
        return c;
    }

    McpSyncClient exampleServer(String version, double slowFactor, List<String> stderr) {
        String agentJar = System.getProperty("monitor.agent.jar", "../monitor-agent/target/monitor-agent.jar");
        String exampleJar = System.getProperty("example.server.jar", "../examples/target/example-server.jar");
        return client(ServerParameters.builder(java()).args("-javaagent:" + agentJar + "=store=" + store + ",flush=1s",
                "-jar", exampleJar, "--version", version, "--slow-factor", String.valueOf(slowFactor)).build(), stderr);
    }

    static void slowQuery(McpSyncClient c) {
        CallToolResult r = c.callTool(CallToolRequest.builder("slow_query").arguments(Map.of("delayMs", 40)).build());
        assertThat(r.isError()).isFalse();
    }

    static String text(CallToolResult r) {
        return r.content().stream().map(c -> c instanceof TextContent t ? t.text() : "").reduce("", String::concat);
    }

    List<JsonNode> rollbacks(Path calls) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(calls)) {
            for (String line : Files.readAllLines(calls)) {
                JsonNode call = JSON.readTree(line);
                assertThat(call.path("tool").asText()).isEqualTo("rollback");
                out.add(call.path("arguments"));
            }
        }
        return out;
    }

    @Test
    void aSlowerReleaseIsJudgedFailAndRolledBackOnce() throws Exception {
        Path calls = work.resolve("rollback-calls.jsonl");
        String classpath = System.getProperty("java.class.path");
        Files.writeString(store.resolve("notifications.json"), JSON.writeValueAsString(Map.of("formatVersion", 1,
                "retry", Map.of("maxAttempts", 3, "initialBackoffMs", 200, "maxBackoffMs", 1000),
                "channels", List.of(Map.of("name", "rollback", "type", "mcp_tool", "command", java(),
                        "args", List.of("-cp", classpath, RecordingServer.class.getName(), calls.toString(), "rollback"),
                        "tool", "rollback", "kinds", List.of("deployment_regression"),
                        "arguments", Map.of("mcpServer", "{{mcpServer}}", "version", "{{version}}",
                                "previousVersion", "{{previousVersion}}", "verdict", "{{verdict}}"))))));
        List<String> sidecarErr = new CopyOnWriteArrayList<>();
        String monitorJar = System.getProperty("monitor.mcp.jar", "target/monitor-mcp.jar");
        McpSyncClient sidecar = client(ServerParameters.builder(java()).args("-jar", monitorJar, "serve", "--store",
                store.toString(), "--judge-delay", "60s", "--judge-min-calls", "20").build(), sidecarErr);
        List<String> exampleErr = new CopyOnWriteArrayList<>();
        try {
            // 1.0.0 serves the whole of one minute, and into the next: that minute is the baseline.
            McpSyncClient a = exampleServer("1.0.0", 1, exampleErr);
            long boundary = (System.currentTimeMillis() / MINUTE + 1) * MINUTE;
            while (System.currentTimeMillis() < boundary + MINUTE + 3_000) {
                slowQuery(a);
            }
            a.closeGracefully();

            // 2.0.0: slow_query sleeps three times as long; traffic goes on until the rollback arrives.
            McpSyncClient b = exampleServer("2.0.0", 3, exampleErr);
            long deadline = System.currentTimeMillis() + 5 * MINUTE;
            while (rollbacks(calls).isEmpty() && System.currentTimeMillis() < deadline) {
                slowQuery(b);
            }
            long rolledBackAt = System.currentTimeMillis();
            assertThat(rollbacks(calls)).as("rollback calls; sidecar stderr: %s", sidecarErr).hasSize(1);
            JsonNode call = rollbacks(calls).get(0);
            assertThat(call.path("mcpServer").asText()).isEqualTo("example-server");
            assertThat(call.path("version").asText()).isEqualTo("2.0.0");
            assertThat(call.path("previousVersion").asText()).isEqualTo("1.0.0");
            assertThat(call.path("verdict").asText()).isEqualTo("fail");

            CallToolResult deployments = sidecar.callTool(CallToolRequest.builder("list_deployments")
                    .arguments(Map.of("mcpServer", "example-server")).build());
            assertThat(text(deployments)).contains("example-server 2.0.0 (production)", "example-server 1.0.0 (production)");
            assertThat(deployments.structuredContent().toString()).contains("source=agent");

            CallToolResult active = sidecar.callTool(CallToolRequest.builder("get_active_alerts").arguments(Map.of()).build());
            assertThat(active.structuredContent().toString()).contains("deployment_regression", "slow_query");

            // Traffic goes on, the judge keeps polling: still one rollback.
            while (System.currentTimeMillis() < rolledBackAt + 12_000) {
                slowQuery(b);
            }
            assertThat(rollbacks(calls)).hasSize(1);
            b.closeGracefully();
        } finally {
            sidecar.closeGracefully();
        }
        assertThat(sidecarErr).noneMatch(l -> l.contains("Exception"));
    }
}
