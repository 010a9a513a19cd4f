package io.mcpmonitor.examples.server;

/** The default server ({@code McpServer.async}) over Streamable HTTP on embedded Jetty. */
class HttpAsyncServerIT extends HttpToolCallContract {

    @Override
    String[] serverArgs() {
        return new String[0];
    }
}
