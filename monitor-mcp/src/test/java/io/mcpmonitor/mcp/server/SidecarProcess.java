package io.mcpmonitor.mcp.server;

import io.mcpmonitor.testkit.ChildProcess;
import io.mcpmonitor.testkit.Jars;
import io.mcpmonitor.testkit.Patience;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The packaged sidecar ({@code monitor-mcp.jar serve}) as a real subprocess, for the ITs of every package. */
public final class SidecarProcess {

    /** The clients' request and initialization timeout and the wait for an announcement: a JVM's start. */
    static final Duration TIMEOUT = Patience.START;
    static final String LISTENING = "mcp-monitor listening on ";

    private SidecarProcess() {
    }

    static String jar() {
        return Jars.monitorMcp().toString();
    }

    static String java() {
        return Jars.java();
    }

    /** A client over stdio to {@code serve --store dir}; the transport owns the process. */
    public static McpSyncClient stdio(Path store, List<String> stderr) {
        return stdio(store, TIMEOUT, stderr::add);
    }

    /**
     * An initialized client over stdio to {@code serve --store dir extra...}, spawned and owned by the SDK's
     * stdio transport (closing the client stops it).
     *
     * @param timeout the client's request and initialization timeout
     * @param stderr  gets the sidecar's stderr lines; null leaves them to the SDK (its log)
     */
    public static McpSyncClient stdio(Path store, Duration timeout, Consumer<String> stderr, String... extra) {
        return StdioJvm.client(serve(store, extra).build(), timeout, stderr);
    }

    /** {@code serve --store dir extra...} for the SDK's stdio transport; an environment can be added before {@code build()}. */
    public static ServerParameters.Builder serve(Path store, String... extra) {
        List<String> args = command(store, extra);
        return StdioJvm.java(args.subList(1, args.size()).toArray(String[]::new));
    }

    /** {@code serve --http ...} started by hand, with its announced endpoint; closing stops it (SIGTERM, then kill). */
    record Http(ChildProcess child, URI endpoint) implements AutoCloseable {
        Process process() {
            return child.process();
        }

        /** The sidecar's stderr so far. */
        List<String> stderr() {
            return child.stderr();
        }

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
        public void close() {
            child.stop();
        }
    }

    /** {@code java -jar monitor-mcp.jar serve --store dir extra...}. */
    public static List<String> command(Path store, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar(), "serve", "--store", store.toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    static Process spawn(Path store, String... extra) throws IOException {
        return new ProcessBuilder(command(store, extra)).start();
    }

    static Http http(Path store, String... extra) {
        ChildProcess child = ChildProcess.announcing(command(store, extra), LISTENING, TIMEOUT);
        return new Http(child, child.announced(LISTENING, TIMEOUT));
    }

    /** The text of an answer's content, joined. */
    public static String text(CallToolResult r) {
        return r.content().stream().map(c -> c instanceof io.modelcontextprotocol.spec.McpSchema.TextContent t ? t.text() : "")
                .reduce("", String::concat);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(CallToolResult r) {
        return (Map<String, Object>) r.structuredContent();
    }
}
