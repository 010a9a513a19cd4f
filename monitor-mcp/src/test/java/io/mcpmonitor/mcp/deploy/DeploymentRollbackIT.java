package io.mcpmonitor.mcp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpmonitor.core.deploy.Deployment;
import io.mcpmonitor.core.deploy.DeploymentLog;
import io.mcpmonitor.core.deploy.DeploymentVerdict;
import io.mcpmonitor.core.deploy.Verdict;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import io.mcpmonitor.mcp.server.SidecarProcess;
import io.mcpmonitor.mcp.server.StdioJvm;
import io.mcpmonitor.testkit.Jars;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: example-server under the agent at 1.0.0, then restarted at 2.0.0 with slow_query three
 * times slower. The agent records the deployment; the sidecar ({@code --judge-delay 1m}) leaves it
 * alone before the delay, then judges it {@code fail}, opens a deployment_regression alert, and its
 * {@code mcp_tool} channel calls {@code rollback} on a second real MCP server ({@link RecordingServer})
 * once, with the right arguments.
 *
 * <p>The store keeps whole minutes, and the judge compares the minute before the deployment's minute
 * with the minutes after it, so on a real clock the scene needs well over two minutes. The sidecar and
 * both example-servers share one wall clock ({@link SharedWallClock}) that the test moves forward over
 * the parts of those minutes where nothing would happen: each side gets the traffic it needs, and the
 * judge's delay passes by the clock every process reads.
 */
class DeploymentRollbackIT {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final long MINUTE = 60_000L;
    static final long JUDGE_DELAY_MILLIS = MINUTE;
    /** slow_query calls 1.0.0 serves in its baseline minute: twice what the judge needs per tool. */
    static final long BASELINE_CALLS = 40;
    /** More than one pass of the judge's 5 s loop. */
    static final Duration JUDGE_POLLS = Duration.ofSeconds(6);
    /** After the rollback: the judge loop keeps running for two more passes. */
    static final Duration AFTER_ROLLBACK = Duration.ofSeconds(11);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;
    @TempDir
    Path work;

    final long testStart = System.nanoTime();

    /** Says on the test's output how long the scene took to reach {@code what}: where the time goes on a slow machine. */
    void phase(String what) {
        System.out.printf("DeploymentRollbackIT +%.1f s: %s%n", (System.nanoTime() - testStart) / 1e9, what);
    }

    /** The JVMs this test started (the sidecar and the example-servers), for libfaketime's leftovers. */
    final Set<Long> started = ConcurrentHashMap.newKeySet();

    McpSyncClient client(ServerParameters params, List<String> stderr) {
        McpSyncClient c = StdioJvm.client(params, TIMEOUT, stderr::add);
        ProcessHandle.current().children().forEach(p -> started.add(p.pid()));
        return c;
    }

    McpSyncClient exampleServer(SharedWallClock clock, String version, double slowFactor, List<String> stderr) {
        return client(StdioJvm.exampleServer("store=" + store + ",flush=1s", "--version", version,
                "--slow-factor", String.valueOf(slowFactor)).env(clock.environment()).build(), stderr);
    }

    static void slowQuery(McpSyncClient c) {
        CallToolResult r = c.callTool(CallToolRequest.builder("slow_query").arguments(Map.of("delayMs", 40)).build());
        assertThat(r.isError()).isFalse();
    }

    /** The rollback calls received so far: complete lines only (the server may be writing one). */
    static List<JsonNode> rollbacks(Path calls) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(calls)) {
            String all = Files.readString(calls);
            for (String line : all.substring(0, all.lastIndexOf('\n') + 1).lines().toList()) {
                JsonNode call = JSON.readTree(line);
                assertThat(call.path("tool").asText()).isEqualTo("rollback");
                out.add(call.path("arguments"));
            }
        }
        return out;
    }

    /** slow_query calls of example-server in the store's minute {@code [from, from + 1 min)}, {@code from} a whole minute. */
    static long storedCalls(MetricsQueries queries, long from) {
        return queries.run(MetricsQuery.builder().server("example-server").tool("slow_query")
                .start(Instant.ofEpochMilli(from)).end(Instant.ofEpochMilli(from + MINUTE)).build()).summary().totalCalls();
    }

    Optional<Deployment> deployment(String version) throws Exception {
        return new DeploymentLog(store).all().stream().filter(d -> d.version().equals(version)).findFirst();
    }

    Optional<DeploymentVerdict> verdict(Deployment d) throws Exception {
        return new DeploymentLog(store).verdicts().stream().filter(v -> v.deploymentId().equals(d.id())).findFirst();
    }

    static boolean regressionAlertOpen(McpSyncClient sidecar) {
        CallToolResult active = sidecar.callTool(CallToolRequest.builder("get_active_alerts").arguments(Map.of()).build());
        String s = active.structuredContent().toString();
        return s.contains("deployment_regression") && s.contains("slow_query");
    }

    @Test
    void aSlowerReleaseIsJudgedFailAndRolledBackOnce() throws Exception {
        SharedWallClock clock = SharedWallClock.in(work);
        Path calls = work.resolve("rollback-calls.jsonl");
        String classpath = System.getProperty("java.class.path");
        Files.writeString(store.resolve("notifications.json"), JSON.writeValueAsString(Map.of("formatVersion", 1,
                "retry", Map.of("maxAttempts", 3, "initialBackoffMs", 200, "maxBackoffMs", 1000),
                "channels", List.of(Map.of("name", "rollback", "type", "mcp_tool", "command", Jars.java(),
                        "args", List.of("-cp", classpath, RecordingServer.class.getName(), calls.toString(), "rollback"),
                        // Starting the receiving JVM on a loaded machine takes a while.
                        "timeoutMs", 60_000,
                        "tool", "rollback", "kinds", List.of("deployment_regression"),
                        "arguments", Map.of("mcpServer", "{{mcpServer}}", "version", "{{version}}",
                                "previousVersion", "{{previousVersion}}", "verdict", "{{verdict}}"))))));
        List<String> sidecarErr = new CopyOnWriteArrayList<>();
        List<String> exampleErr = new CopyOnWriteArrayList<>();
        CompletableFuture<McpSyncClient> starting = CompletableFuture.supplyAsync(() -> client(SidecarProcess.serve(store,
                "--judge-delay", "1m", "--judge-min-calls", "20").env(clock.environment()).build(), sidecarErr));
        McpSyncClient a = null;
        McpSyncClient b = null;
        McpSyncClient sidecar = null;
        try {
            a = exampleServer(clock, "1.0.0", 1, exampleErr);
            sidecar = starting.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            MetricsQueries queries = new MetricsQueries(new StoreReader(Store.open(store)));
            phase("sidecar and 1.0.0 started");

            // 1.0.0's baseline: a minute of the store (the one before the deployment's minute) holding
            // BASELINE_CALLS calls. The clock skips to that minute's start; 1.0.0 has all of it to serve them.
            long baseline = Math.floorDiv(clock.nowMillis(), MINUTE) * MINUTE + MINUTE;
            clock.jumpTo(baseline + 1_000);
            while (storedCalls(queries, baseline) < BASELINE_CALLS) {
                assertThat(clock.nowMillis()).as("1.0.0 served too few calls in its minute; stderr: %s", exampleErr)
                        .isLessThan(baseline + MINUTE - 5_000);
                for (long until = System.nanoTime() + 300_000_000L; System.nanoTime() < until; ) {
                    slowQuery(a);
                }
            }
            a.closeGracefully();
            a = null;
            phase("1.0.0 served its baseline minute and stopped");

            // 2.0.0 starts in the next minute, which holds both versions' calls and belongs to neither side.
            clock.jumpTo(baseline + MINUTE + 1_000);
            b = exampleServer(clock, "2.0.0", 3, exampleErr);
            slowQuery(b);
            long recordDeadline = System.nanoTime() + TIMEOUT.toNanos();
            while (deployment("2.0.0").isEmpty() && System.nanoTime() < recordDeadline) {
                slowQuery(b);
            }
            Deployment deployed = deployment("2.0.0").orElseThrow(() -> new AssertionError(
                    "the agent recorded no deployment of 2.0.0; stderr: " + exampleErr));
            phase("2.0.0 started, its deployment recorded by the agent");
            assertThat(deployed.source()).isEqualTo("agent");
            assertThat(deployed.previousVersion()).isEqualTo("1.0.0");
            assertThat(Math.floorDiv(deployed.at().toEpochMilli(), MINUTE) * MINUTE).isEqualTo(baseline + MINUTE);

            // Before the configured delay the judge leaves it alone, however many times it looks.
            for (long until = System.nanoTime() + JUDGE_POLLS.toNanos(); System.nanoTime() < until; ) {
                slowQuery(b);
            }
            assertThat(clock.nowMillis()).as("2.0.0 took most of the judge's delay to start").isLessThan(
                    deployed.at().toEpochMilli() + JUDGE_DELAY_MILLIS);
            assertThat(verdict(deployed)).isEmpty();
            assertThat(rollbacks(calls)).isEmpty();
            phase("not judged before the delay");

            // The delay passes; 2.0.0 serves until the rollback arrives.
            clock.jumpTo(deployed.at().toEpochMilli() + JUDGE_DELAY_MILLIS + 1_000);
            long rollbackDeadline = System.nanoTime() + 2 * TIMEOUT.toNanos();
            while (rollbacks(calls).isEmpty() && System.nanoTime() < rollbackDeadline) {
                slowQuery(b);
            }
            long rolledBackAt = System.nanoTime();
            phase("rollback received");
            assertThat(rollbacks(calls)).as("rollback calls; sidecar stderr: %s", sidecarErr).hasSize(1);
            JsonNode call = rollbacks(calls).get(0);
            assertThat(call.path("mcpServer").asText()).isEqualTo("example-server");
            assertThat(call.path("version").asText()).isEqualTo("2.0.0");
            assertThat(call.path("previousVersion").asText()).isEqualTo("1.0.0");
            assertThat(call.path("verdict").asText()).isEqualTo("fail");

            DeploymentVerdict v = verdict(deployed).orElseThrow();
            phase("verdict: " + v.summary());
            assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
            assertThat(v.failingTools()).containsExactly("slow_query");
            assertThat(v.judgedAt().toEpochMilli() - deployed.at().toEpochMilli()).isGreaterThanOrEqualTo(JUDGE_DELAY_MILLIS);
            assertThat(storedCalls(queries, baseline)).isGreaterThanOrEqualTo(BASELINE_CALLS);

            CallToolResult deployments = sidecar.callTool(CallToolRequest.builder("list_deployments")
                    .arguments(Map.of("mcpServer", "example-server")).build());
            assertThat(SidecarProcess.text(deployments)).contains("example-server 2.0.0 (production)", "example-server 1.0.0 (production)");
            assertThat(deployments.structuredContent().toString()).contains("source=agent");

            // The alert opens at the alert loop's next evaluation, which need not come before the rollback
            // call: look until it is there. Traffic goes on and the judge keeps polling: still one rollback.
            boolean alertOpen = false;
            long alertDeadline = rolledBackAt + TIMEOUT.toNanos();
            while (System.nanoTime() < rolledBackAt + AFTER_ROLLBACK.toNanos()
                    || !alertOpen && System.nanoTime() < alertDeadline) {
                alertOpen = alertOpen || regressionAlertOpen(sidecar);
                slowQuery(b);
            }
            phase("judge still quiet after the rollback");
            assertThat(alertOpen).as("a deployment_regression alert of slow_query is open; sidecar stderr: %s", sidecarErr)
                    .isTrue();
            assertThat(rollbacks(calls)).hasSize(1);
        } finally {
            for (McpSyncClient c : new McpSyncClient[] {a, b, sidecar}) {
                if (c != null) {
                    c.closeGracefully();
                }
            }
            SharedWallClock.removeLeftovers(started);
        }
        assertThat(sidecarErr).noneMatch(l -> l.contains("Exception"));
    }
}
