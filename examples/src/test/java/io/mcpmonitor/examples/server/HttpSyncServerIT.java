package io.mcpmonitor.examples.server;

/** The {@code --sync} server ({@code McpServer.sync}) over Streamable HTTP on embedded Jetty. */
class HttpSyncServerIT extends HttpToolCallContract {

    @Override
    String[] serverArgs() {
        return new String[] {"--sync"};
    }
}
