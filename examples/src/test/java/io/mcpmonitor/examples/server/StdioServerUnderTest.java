package io.mcpmonitor.examples.server;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The example server spawned by the SDK's {@link StdioClientTransport}, which owns the process: it reads
 * stdout as JSON-RPC (and stops at the first line that is not), and stops the process on close.
 */
final class StdioServerUnderTest implements ServerUnderTest {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration INITIALIZATION_TIMEOUT = Duration.ofSeconds(30);

    private final McpSyncClient client;
    private final List<String> stderrLines = new CopyOnWriteArrayList<>();

    private StdioServerUnderTest(List<String> serverArgs) {
        ServerParameters parameters = ServerParameters.builder(ExampleServerJar.javaExecutable())
                .args(ExampleServerJar.launcherArguments(serverArgs))
                .build();
        StdioClientTransport transport = new StdioClientTransport(parameters, McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(stderrLines::add);
        this.client = McpClient.sync(transport)
                .requestTimeout(REQUEST_TIMEOUT)
                .initializationTimeout(INITIALIZATION_TIMEOUT)
                .build();
    }

    /** Starts {@code java -jar example-server.jar <serverArgs>} and initializes the MCP session. */
    static StdioServerUnderTest start(String... serverArgs) {
        StdioServerUnderTest server = new StdioServerUnderTest(List.of(serverArgs));
        try {
            server.client.initialize();
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("example server did not initialize; stderr: " + server.stderrLines, e);
        }
        return server;
    }

    @Override
    public McpSyncClient client() {
        return client;
    }

    @Override
    public List<String> stderrLines() {
        return List.copyOf(stderrLines);
    }

    @Override
    public void close() {
        // Sends SIGTERM and waits for the process to exit, bounded by the client's own timeout.
        client.closeGracefully();
    }
}
