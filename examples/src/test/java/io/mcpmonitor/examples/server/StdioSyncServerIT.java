package io.mcpmonitor.examples.server;

/** The {@code --sync} server ({@code McpServer.sync}) over stdio. */
class StdioSyncServerIT extends ToolCallContract {

    @Override
    ServerUnderTest startServer() {
        return StdioServerUnderTest.start("--sync");
    }
}
