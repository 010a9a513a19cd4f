package io.mcpmonitor.examples.server;

import io.mcpmonitor.testkit.Announcement;
import io.mcpmonitor.testkit.Patience;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.time.Duration;
import java.util.List;

/**
 * An example server running in its own JVM, with an initialized SDK client connected to it.
 *
 * <p>One instance per test class; the client may be used from several threads, as the SDK allows.
 */
abstract class ServerUnderTest implements AutoCloseable {

    /** The first request's clock starts with the server's JVM, so both timeouts are a start's. */
    static final Duration REQUEST_TIMEOUT = Patience.START;
    static final Duration INITIALIZATION_TIMEOUT = Patience.START;

    /** The server's stderr lines, and the address it announces there (HTTP only). */
    final Announcement stderr = new Announcement(ExampleServer.LISTENING_PREFIX);
    private McpSyncClient client;

    /** The official SDK client, already initialized. */
    McpSyncClient client() {
        return client;
    }

    /** A copy of the server's stderr so far, for failure messages. */
    List<String> stderrLines() {
        return List.copyOf(stderr.lines());
    }

    /** Builds the SDK client over {@code transport} and initializes the MCP session. */
    void connect(McpClientTransport transport) {
        client = McpClient.sync(transport)
                .requestTimeout(REQUEST_TIMEOUT)
                .initializationTimeout(INITIALIZATION_TIMEOUT)
                .build();
        client.initialize();
    }

    /** Closes the client and stops the server process, waiting a bounded time for it to exit. */
    @Override
    public abstract void close();
}
