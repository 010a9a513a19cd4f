package io.mcpmonitor.mcp.server;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The packaged sidecar ({@code monitor-mcp.jar serve}) as a real subprocess, for ITs. */
final class SidecarProcess {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private SidecarProcess() {
    }

    static String jar() {
        String jar = System.getProperty("monitor.mcp.jar");
        return jar != null ? jar : Path.of("target", "monitor-mcp.jar").toAbsolutePath().toString();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A client over stdio to {@code serve --store dir}; the transport owns the process. */
    static McpSyncClient stdio(Path store, List<String> stderr) {
        ServerParameters params = ServerParameters.builder(java())
                .args("-jar", jar(), "serve", "--store", store.toString()).build();
        StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(stderr::add);
        McpSyncClient client = McpClient.sync(transport).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
        client.initialize();
        return client;
    }

    /** {@code serve --http ...} started by hand, with its announced endpoint. */
    record Http(Process process, URI endpoint, List<String> stderr) implements AutoCloseable {
        McpSyncClient client(String token) {
            HttpRequest.Builder req = HttpRequest.newBuilder();
            if (token != null) {
                req.header("Authorization", "Bearer " + token);
            }
            String base = endpoint.getScheme() + "://" + endpoint.getAuthority();
            HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint.getPath())
                    .requestBuilder(req).build();
            McpSyncClient c = McpClient.sync(t).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
            c.initialize();
            return c;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static Process spawn(Path store, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar(), "serve", "--store", store.toString()));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).start();
    }

    static Http http(Path store, String... extra) throws Exception {
        Process p = spawn(store, extra);
        List<String> stderr = new CopyOnWriteArrayList<>();
        CompletableFuture<URI> announced = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.add(line);
                    int i = line.indexOf("mcp-monitor listening on ");
                    if (i >= 0) {
                        announced.complete(URI.create(line.substring(i + "mcp-monitor listening on ".length()).trim()));
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            announced.completeExceptionally(new IllegalStateException("sidecar exited without announcing: " + stderr));
        }, "sidecar-stderr");
        reader.setDaemon(true);
        reader.start();
        return new Http(p, announced.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), stderr);
    }

    static String text(CallToolResult r) {
        return r.content().stream().map(c -> c instanceof io.modelcontextprotocol.spec.McpSchema.TextContent t ? t.text() : "")
                .reduce("", String::concat);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(CallToolResult r) {
        return (Map<String, Object>) r.structuredContent();
    }
}
