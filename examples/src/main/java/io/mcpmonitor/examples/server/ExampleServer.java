package io.mcpmonitor.examples.server;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.PrintStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code example-server.jar}: an MCP server named {@code example-server}, version 1.0.0,
 * with the tools {@code echo}, {@code slow_query}, {@code flaky}, {@code explode} and {@code async_fetch}, the
 * resource template {@code example://notes/{id}} and the prompt {@code summarize(topic)}.
 *
 * <p>{@code java -jar example-server.jar [--sync] [--http PORT]}. Without {@code --http} it speaks MCP over
 * stdio and exits when stdin closes. With {@code --http PORT} it serves Streamable HTTP at
 * {@code http://127.0.0.1:PORT/mcp} (port 0 picks a free one) and announces the address on stderr as the
 * line {@code example-server listening on http://127.0.0.1:<port>/mcp}. {@code --sync} builds a
 * {@code McpServer.sync(...)} server instead of the default {@code McpServer.async(...)} one.
 *
 * <p>Stdout carries JSON-RPC only: the stdio transport gets the original stdout and {@code System.out} is
 * redirected to stderr, where all logging goes as well.
 */
public final class ExampleServer {

    static final String NAME = "example-server";
    static final String VERSION = "1.0.0";
    static final String LISTENING_PREFIX = NAME + " listening on ";

    // The announced version: VERSION unless the command line or environment says otherwise.
    private static String version = VERSION;

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ExampleServer.class);

    private ExampleServer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream jsonRpcOut = System.out;
        // Whatever a library prints from now on cannot corrupt the JSON-RPC channel.
        System.setOut(System.err);

        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.err.println(ServerOptions.USAGE);
            System.exit(2);
            return;
        }

        McpJsonMapper jsonMapper = McpJsonDefaults.getMapper();
        ExampleTools tools = new ExampleTools(ToolDefinitions.create(jsonMapper), options.slowFactor());
        version = options.version();
        if (options.httpPort().isPresent()) {
            serveHttp(options.sync(), options.httpPort().get(), jsonMapper, tools);
        } else {
            serveStdio(options.sync(), jsonRpcOut, jsonMapper, tools);
        }
    }

    private static void serveStdio(boolean sync, PrintStream jsonRpcOut, McpJsonMapper jsonMapper,
            ExampleTools tools) throws InterruptedException {
        EndOfInputSignal stdin = new EndOfInputSignal(System.in);
        StdioServerTransportProvider transport = new StdioServerTransportProvider(jsonMapper, stdin, jsonRpcOut);
        McpAsyncServer server = sync
                ? configure(McpServer.sync(transport), jsonMapper, tools).getAsyncServer()
                : configure(McpServer.async(transport), jsonMapper, tools);
        LOG.info("{} {} ({} server) serving MCP over stdio", NAME, version, sync ? "sync" : "async");

        stdin.awaitEnd();
        LOG.info("stdin closed, shutting down");
        server.closeGracefully().block(CLOSE_TIMEOUT);
    }

    private static void serveHttp(boolean sync, int port, McpJsonMapper jsonMapper, ExampleTools tools)
            throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(jsonMapper)
                .mcpEndpoint(HttpEndpoint.PATH)
                // Loopback only, and no cross-origin browser requests: DNS-rebinding protection.
                .httpHeaderValidator(DefaultServerTransportSecurityValidator.builder()
                        .allowedHost(HttpEndpoint.HOST + ":*")
                        .allowedHost("localhost:*")
                        .build())
                .build();
        if (sync) {
            configure(McpServer.sync(transport), jsonMapper, tools);
        } else {
            configure(McpServer.async(transport), jsonMapper, tools);
        }

        try (HttpEndpoint endpoint = HttpEndpoint.start(transport, port)) {
            LOG.info("{} {} ({} server) serving MCP over Streamable HTTP", NAME, version, sync ? "sync" : "async");
            System.err.println(LISTENING_PREFIX + endpoint.uri());
            System.err.flush();
            endpoint.join();
        }
    }

    private static McpAsyncServer configure(McpServer.AsyncSpecification<?> specification, McpJsonMapper jsonMapper,
            ExampleTools tools) {
        return specification
                .serverInfo(NAME, version)
                .jsonMapper(jsonMapper)
                .capabilities(ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).build())
                .tools(tools.asyncSpecifications())
                .resourceTemplates(ExampleFeatures.asyncNote())
                .prompts(ExampleFeatures.asyncSummarize())
                .build();
    }

    private static McpSyncServer configure(McpServer.SyncSpecification<?> specification,
            McpJsonMapper jsonMapper, ExampleTools tools) {
        return specification
                .serverInfo(NAME, version)
                .jsonMapper(jsonMapper)
                .capabilities(ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).build())
                .tools(tools.syncSpecifications())
                .resourceTemplates(ExampleFeatures.syncNote())
                .prompts(ExampleFeatures.syncSummarize())
                .build();
    }
}
