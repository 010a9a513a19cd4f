package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.mcp.http.HttpEndpoint;
import io.mcpmonitor.mcp.http.HttpGuard;
import io.mcpmonitor.mcp.server.MonitorMcpServer;
import io.mcpmonitor.mcp.server.Sidecar;
import io.mcpmonitor.mcp.server.SidecarTools;
import io.mcpmonitor.mcp.server.JsonRpcStdio;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code serve}: the sidecar MCP server, over stdio (the default, as MCP clients start it) or
 * Streamable HTTP. Also keeps the store compacted while it runs. Logs go to stderr only.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the monitor's tools over MCP: stdio by default, or Streamable HTTP with --http.")
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    StoreOption store;

    @Option(names = "--http", paramLabel = "HOST:PORT",
            description = "Serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio. Loopback (127.0.0.1) unless "
                    + "another host is given, which requires --token. PORT 0 picks a free port.")
    String http;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:MCP_MONITOR_TOKEN}",
            description = "Bearer token HTTP clients must send (default: $MCP_MONITOR_TOKEN). Required off loopback.")
    String token;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
            description = "A browser origin allowed besides loopback ones (repeatable).")
    List<String> allowedOrigins = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream jsonRpcOut = System.out;
        // Nothing a library prints may reach the JSON-RPC channel.
        System.setOut(System.err);
        if (http != null) {
            return serveHttp();
        }
        try (Sidecar sidecar = Sidecar.open(store.directory(), AlertPolicy.DEFAULT, n -> { })) {
            JsonRpcStdio stdio = new JsonRpcStdio(new java.io.BufferedInputStream(System.in), jsonRpcOut);
            McpSyncServer server = MonitorMcpServer.build(new StdioServerTransportProvider(McpJsonDefaults.getMapper(),
                    stdio.in(), stdio.out()), sidecar.context(), SidecarTools.all());
            LOG.info("mcp-monitor serving MCP over stdio, store {}", sidecar.storeDirectory());
            stdio.awaitEnd();
            LOG.info("stdin closed, shutting down");
            server.closeGracefully();
        }
        return 0;
    }

    private Integer serveHttp() throws Exception {
        int colon = http.lastIndexOf(':');
        String host = colon > 0 ? http.substring(0, colon) : "127.0.0.1";
        int port;
        try {
            port = Integer.parseInt(colon >= 0 ? http.substring(colon + 1) : http);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--http: expected HOST:PORT or PORT, was '" + http + "'");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (!HttpEndpoint.isLoopback(host) && token == null) {
            spec.commandLine().getErr().println("mcp-monitor: refusing to serve on " + host
                    + " without --token: only loopback addresses may be served without authentication");
            return 2;
        }
        try (Sidecar sidecar = Sidecar.open(store.directory(), AlertPolicy.DEFAULT, n -> { })) {
            HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                    .jsonMapper(McpJsonDefaults.getMapper()).mcpEndpoint(HttpEndpoint.PATH).build();
            McpSyncServer server = MonitorMcpServer.build(transport, sidecar.context(), SidecarTools.all());
            try (HttpEndpoint endpoint = HttpEndpoint.start(host, port, transport, new HttpGuard(token, allowedOrigins))) {
                System.err.println("mcp-monitor listening on " + endpoint.uri());
                System.err.flush();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        endpoint.close();
                    } catch (Exception e) {
                        LOG.debug("stopping http", e);
                    }
                }, "mcp-monitor-http-stop"));
                endpoint.join();
            } finally {
                server.closeGracefully();
            }
        }
        return 0;
    }
}
