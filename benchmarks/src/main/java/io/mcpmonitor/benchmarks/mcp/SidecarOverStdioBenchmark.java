package io.mcpmonitor.benchmarks.mcp;

import io.mcpmonitor.mcp.server.SerializedSends;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sidecar ({@code monitor-mcp.jar serve}) as a real subprocess, driven over one stdio
 * connection by the official MCP client: {@code track_performance} one metric per call and 1,000 per
 * call (metrics per second = calls per second × metrics per call), and {@code get_metrics} latency over
 * the last hour of what was ingested. Run from the repository root after {@code mvn package}, or pass
 * {@code -jvmArgsAppend -Dmonitor.mcp.jar=...}. Target: at least 10,000 metrics/s batched.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SidecarOverStdioBenchmark {

    static final int BATCH = 1_000;

    McpSyncClient client;
    Path store;
    CallToolRequest single;
    CallToolRequest batch;
    CallToolRequest metrics;

    @Setup(Level.Trial)
    public void start() throws Exception {
        String jar = System.getProperty("monitor.mcp.jar", "monitor-mcp/target/monitor-mcp.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(jar + " not found: run from the repository root after mvn package");
        }
        store = Files.createTempDirectory("sidecar-bench");
        ServerParameters params = ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .args("-jar", jar, "serve", "--store", store.toString()).build();
        client = McpClient.sync(SerializedSends.client(new StdioClientTransport(params, McpJsonDefaults.getMapper())))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        single = CallToolRequest.builder("track_performance").arguments(metric(0)).build();
        List<Map<String, Object>> many = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            many.add(metric(i));
        }
        batch = CallToolRequest.builder("track_performance").arguments(Map.of("metrics", many)).build();
        metrics = CallToolRequest.builder("get_metrics").arguments(Map.of("aggregation", "p95")).build();
    }

    static Map<String, Object> metric(int i) {
        Map<String, Object> m = new HashMap<>();
        m.put("mcpServer", "bench-server-" + (i % 30));
        m.put("toolName", "tool-" + (i % 10));
        m.put("duration", 5 + (i % 200));
        m.put("success", i % 50 != 0);
        return m;
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.closeGracefully();
    }

    private static CallToolResult ok(CallToolResult r) {
        if (Boolean.TRUE.equals(r.isError())) {
            throw new IllegalStateException(String.valueOf(r.content()));
        }
        return r;
    }

    /** One metric per call: calls/s = metrics/s. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public CallToolResult trackOneMetricPerCall() {
        return ok(client.callTool(single));
    }

    /**
     * One metric per call from 8 threads over the same stdio connection, as a busy non-Java server
     * reports: each call is answered once its metric is on disk, and concurrent calls share one forced
     * write (group commit), so this measures how well that sharing works. Target: 1,500 calls/s.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @org.openjdk.jmh.annotations.Threads(8)
    public CallToolResult trackOneMetricPerCallConcurrency8() {
        return ok(client.callTool(single));
    }

    /** 1,000 metrics per call: metrics/s = this × 1,000. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public CallToolResult trackBatchOf1000() {
        return ok(client.callTool(batch));
    }

    /** get_metrics (p95, all series of the last hour) round trip over MCP. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public CallToolResult getMetricsLastHour() {
        return ok(client.callTool(metrics));
    }
}
