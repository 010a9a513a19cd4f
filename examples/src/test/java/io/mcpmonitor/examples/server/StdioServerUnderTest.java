package io.mcpmonitor.examples.server;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.util.List;

/**
 * The example server spawned by the SDK's {@link StdioClientTransport}, which owns the process: it reads
 * stdout as JSON-RPC (and stops at the first line that is not), and stops the process on close.
 */
final class StdioServerUnderTest extends ServerUnderTest {

    private StdioServerUnderTest() {
    }

    /** Starts {@code java -jar example-server.jar <serverArgs>} and initializes the MCP session. */
    static StdioServerUnderTest start(String... serverArgs) {
        ServerParameters parameters = ServerParameters.builder(ExampleServerJar.javaExecutable())
                .args(ExampleServerJar.launcherArguments(List.of(serverArgs)))
                .build();
        StdioClientTransport transport = new StdioClientTransport(parameters, McpJsonDefaults.getMapper());
        StdioServerUnderTest server = new StdioServerUnderTest();
        transport.setStdErrorHandler(server.stderr);
        try {
            server.connect(transport);
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("example server did not initialize; stderr: " + server.stderrLines(), e);
        }
        return server;
    }

    @Override
    public void close() {
        // Sends SIGTERM and waits for the process to exit, bounded by the client's own timeout.
        if (client() != null) {
            client().closeGracefully();
        }
    }
}
