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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A receiving MCP server for ITs (a deployment server's {@code rollback}, a learning optimizer's
 * {@code track_issue}): a real MCP server (official SDK, stdio) with the tools named after its first
 * argument, each taking any object and appending {@code {"tool": name, "arguments": {...}}} as one
 * JSON line to the file given as the first argument. Exits when stdin closes.
 *
 * <p>{@code java -cp ... RecordingServer calls.jsonl rollback track_issue}
 */
public final class RecordingServer {

    private RecordingServer() {
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
        List<SyncToolSpecification> tools = new ArrayList<>();
        for (String name : List.of(args).subList(1, args.length)) {
            Tool tool = Tool.builder(name, json, """
                    {"type": "object", "additionalProperties": true}
                    """).description("Records its arguments.").build();
            tools.add(SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
                try {
                    Files.writeString(calls, json.writeValueAsString(Map.of("tool", name, "arguments", request.arguments()))
                            + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    return CallToolResult.builder().addTextContent("cannot record: " + e).isError(true).build();
                }
                return CallToolResult.builder().addTextContent(name + " recorded").isError(false).build();
            }).build());
        }
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(json, in, jsonRpcOut))
                .serverInfo("recording-server", "1.0")
                .jsonMapper(json)
                .capabilities(ServerCapabilities.builder().tools(false).build())
                .tools(tools)
                .build();
        ended.await();
        server.closeGracefully();
        System.exit(0);
    }
}
