package io.mcpmonitor.mcp.server;

import io.mcpmonitor.testkit.Jars;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A JVM that speaks MCP over stdio, as a real subprocess spawned and owned by the SDK's stdio transport
 * (closing the client stops it): the packaged sidecar ({@link SidecarProcess}) or the example server with the
 * packaged agent attached. For the ITs of every package. Stateless.
 */
public final class StdioJvm {

    private StdioJvm() {
    }

    /** {@code java args...} on the tests' own Java; an environment can be added before {@code build()}. */
    public static ServerParameters.Builder java(String... args) {
        return ServerParameters.builder(Jars.java()).args(args);
    }

    /** {@code java -javaagent:monitor-agent.jar=agentOptions -jar example-server.jar args...}. */
    public static ServerParameters.Builder exampleServer(String agentOptions, String... args) {
        List<String> all = new ArrayList<>(List.of(Jars.javaagent(agentOptions), "-jar", Jars.exampleServer().toString()));
        all.addAll(List.of(args));
        return java(all.toArray(String[]::new));
    }

    /**
     * An initialized client to the JVM {@code params} starts.
     *
     * @param timeout the client's request and initialization timeout
     * @param stderr  gets the JVM's stderr lines; null leaves them to the SDK (its log)
     */
    public static McpSyncClient client(ServerParameters params, Duration timeout, Consumer<String> stderr) {
        StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        if (stderr != null) {
            transport.setStdErrorHandler(stderr);
        }
        McpSyncClient client = McpClient.sync(transport).requestTimeout(timeout).initializationTimeout(timeout).build();
        client.initialize();
        return client;
    }
}
