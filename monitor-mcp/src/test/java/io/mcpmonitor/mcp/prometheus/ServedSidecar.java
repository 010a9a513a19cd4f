package io.mcpmonitor.mcp.prometheus;

import io.mcpmonitor.testkit.Jars;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The packaged sidecar ({@code monitor-mcp.jar serve --http 127.0.0.1:0 ...}) as a real process, with
 * the addresses it announces on stderr ({@code mcp-monitor listening on}, {@code metrics at}).
 */
public final class ServedSidecar implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Map<String, URI> announced;
    final List<String> stderr;

    private ServedSidecar(Process process, Map<String, URI> announced, List<String> stderr) {
        this.process = process;
        this.announced = announced;
        this.stderr = stderr;
    }

    /** Starts {@code serve --store store --http 127.0.0.1:0 extra...} and waits for its MCP endpoint. */
    public static ServedSidecar start(Path store, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Jars.java(), "-jar", Jars.monitorMcp().toString(),
                "serve", "--store", store.toString(), "--http", "127.0.0.1:0"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).start();
        Map<String, URI> announced = new ConcurrentHashMap<>();
        List<String> stderr = new CopyOnWriteArrayList<>();
        CountDownLatch listening = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.add(line);
                    for (String prefix : List.of("mcp-monitor listening on ", "metrics at ")) {
                        int i = line.indexOf(prefix);
                        if (i >= 0) {
                            announced.put(prefix.trim(), URI.create(line.substring(i + prefix.length()).trim()));
                        }
                    }
                    if (line.contains("mcp-monitor listening on ")) {
                        listening.countDown();
                    }
                }
            } catch (IOException ended) {
                // the process ended
            }
            listening.countDown();
        }, "sidecar-stderr");
        reader.setDaemon(true);
        reader.start();
        ServedSidecar s = new ServedSidecar(p, announced, stderr);
        if (!listening.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || !announced.containsKey("mcp-monitor listening on")) {
            s.close();
            throw new IllegalStateException("sidecar did not announce its endpoint: " + stderr);
        }
        return s;
    }

    /** {@code host:port} of the announced {@code /metrics}, as a Prometheus target. */
    public String metricsTarget() {
        URI m = announced.get("metrics at");
        if (m == null) {
            throw new IllegalStateException("no metrics endpoint announced: " + stderr);
        }
        return m.getHost() + ":" + m.getPort();
    }

    URI metricsUri() {
        return announced.get("metrics at");
    }

    /** Calls {@code tool} with {@code args} over a fresh MCP client; returns the result. */
    CallToolResult call(String tool, Map<String, Object> args) {
        URI endpoint = announced.get("mcp-monitor listening on");
        HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport
                .builder(endpoint.getScheme() + "://" + endpoint.getAuthority()).endpoint(endpoint.getPath()).build();
        McpSyncClient c = McpClient.sync(t).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
        try {
            c.initialize();
            return c.callTool(CallToolRequest.builder(tool).arguments(args).build());
        } finally {
            c.closeGracefully();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(CallToolResult r) {
        if (Boolean.TRUE.equals(r.isError())) {
            throw new AssertionError("tool failed: " + r.content());
        }
        return (Map<String, Object>) r.structuredContent();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
