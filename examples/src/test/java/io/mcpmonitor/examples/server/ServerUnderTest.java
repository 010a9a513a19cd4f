package io.mcpmonitor.examples.server;

import io.modelcontextprotocol.client.McpSyncClient;
import java.util.List;

/**
 * An example server running in its own JVM, with an initialized SDK client connected to it.
 *
 * <p>One instance per test class; the client may be used from several threads, as the SDK allows.
 */
interface ServerUnderTest extends AutoCloseable {

    /** The official SDK client, already initialized. */
    McpSyncClient client();

    /** A copy of the server's stderr so far, for failure messages. */
    List<String> stderrLines();

    /** Closes the client and stops the server process, waiting a bounded time for it to exit. */
    @Override
    void close();
}
