package io.mcpmonitor.examples.server;

/** The default server ({@code McpServer.async}) over stdio. */
class StdioAsyncServerIT extends ToolCallContract {

    @Override
    ServerUnderTest startServer() {
        return StdioServerUnderTest.start();
    }
}
