package io.mcpmonitor.agent.it;

import io.mcpmonitor.testkit.Patience;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The official SDK client (the version on the test class path) connected to a server under test, over stdio
 * (the client spawns the server JVM and captures its stderr) or Streamable HTTP. Closing a stdio session ends
 * the server (SIGTERM, so its shutdown hooks, the agent's final flush included, run) and waits for it.
 */
final class McpSession implements AutoCloseable {

    /**
     * The client's request and initialization timeout: the first request's clock starts with the server's
     * JVM, whose start with the agent takes tens of seconds on a loaded machine, so it is the start's deadline.
     */
    static final Duration REQUEST_TIMEOUT = Patience.START;

    private final McpSyncClient client;
    private final List<String> stderr;
    private final CancellingTransport transport;

    private McpSession(McpSyncClient client, List<String> stderr, CancellingTransport transport) {
        this.client = client;
        this.stderr = stderr;
        this.transport = transport;
    }

    /** Spawns {@code command} as a stdio MCP server and initialises the session. */
    static McpSession stdio(JavaCommand command) {
        ServerParameters params = ServerParameters.builder(ItEnv.java())
                .args(command.arguments())
                .env(command.env())
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        transport.setStdErrorHandler(stderr::add);
        return open(new CancellingTransport(transport), stderr);
    }

    /** Connects to a Streamable HTTP endpoint ({@code http://127.0.0.1:PORT/mcp}). */
    static McpSession http(String endpoint) {
        URI uri = URI.create(endpoint);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(uri.getScheme() + "://" + uri.getAuthority())
                .endpoint(uri.getPath())
                .build();
        return open(new CancellingTransport(transport), List.of());
    }

    private static McpSession open(CancellingTransport transport, List<String> stderr) {
        McpSyncClient client = McpClient.sync(transport.transport()).requestTimeout(REQUEST_TIMEOUT)
                .initializationTimeout(REQUEST_TIMEOUT).build();
        client.initialize();
        return new McpSession(client, stderr, transport);
    }

    /** Sends {@code notifications/cancelled} for the last tool call, as a client that gave up on it does. */
    void cancelLastToolCall(String reason) {
        transport.cancelLastToolCall(reason, REQUEST_TIMEOUT);
    }

    McpSyncClient client() {
        return client;
    }

    /** Calls a tool; a JSON-RPC error comes back as the {@link McpError} (not thrown). */
    Object call(String tool, Map<String, Object> arguments) {
        try {
            return client.callTool(new CallToolRequest(tool, arguments));
        } catch (McpError e) {
            return e;
        }
    }

    CallToolResult callOk(String tool, Map<String, Object> arguments) {
        Object r = call(tool, arguments);
        if (r instanceof CallToolResult result) {
            return result;
        }
        throw new AssertionError(tool + " failed: " + r);
    }

    /** The server's stderr lines so far (stdio only). */
    List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
