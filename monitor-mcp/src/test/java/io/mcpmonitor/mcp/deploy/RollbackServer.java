package io.mcpmonitor.mcp.deploy;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;

/**
 * A deployment server for ITs: a real MCP server (official SDK, stdio) with one tool, {@code rollback}
 * ({@code mcpServer}, {@code version}, {@code previousVersion}, {@code verdict}), that appends the
 * arguments of every call as one JSON line to the file given as its only argument. Exits when stdin closes.
 */
public final class RollbackServer {

    private RollbackServer() {
    }

    public static void main(String[] args) throws Exception {
        Path calls = Path.of(args[0]);
        PrintStream jsonRpcOut = System.out;
        System.setOut(System.err);
        McpJsonMapper json = McpJsonDefaults.getMapper();
        CountDownLatch ended = new CountDownLatch(1);
        InputStream in = new FilterInputStream(System.in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    ended.countDown();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n < 0) {
                    ended.countDown();
                }
                return n;
            }
        };
        Tool rollback = Tool.builder("rollback", json, """
                {"type": "object", "properties": {"mcpServer": {"type": "string"}, "version": {"type": "string"},
                 "previousVersion": {"type": "string"}, "verdict": {"type": "string"}},
                 "required": ["mcpServer", "version"]}
                """).description("Roll a server back to its previous version.").build();
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(json, in, jsonRpcOut))
                .serverInfo("deployment-server", "1.0")
                .jsonMapper(json)
                .capabilities(ServerCapabilities.builder().tools(false).build())
                .tools(SyncToolSpecification.builder().tool(rollback).callHandler((exchange, request) -> {
                    try {
                        Files.writeString(calls, json.writeValueAsString(request.arguments()) + "\n", StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        return CallToolResult.builder().addTextContent("cannot record: " + e).isError(true).build();
                    }
                    return CallToolResult.builder().addTextContent("rolling back " + request.arguments().get("mcpServer")
                            + " to " + request.arguments().get("previousVersion")).isError(false).build();
                }).build())
                .build();
        ended.await();
        server.closeGracefully();
        System.exit(0);
    }
}
