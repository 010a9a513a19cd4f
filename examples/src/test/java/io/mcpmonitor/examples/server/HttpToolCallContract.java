package io.mcpmonitor.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** {@link ToolCallContract} over Streamable HTTP, plus what the HTTP mode promises about its output. */
abstract class HttpToolCallContract extends ToolCallContract {

    /** Extra arguments before {@code --http 0}. */
    abstract String[] serverArgs();

    @Override
    final ServerUnderTest startServer() throws Exception {
        return HttpServerUnderTest.start(serverArgs());
    }

    @Test
    void announcesALoopbackEndpointOnStderr() {
        assertThat(httpServer().endpoint()).hasScheme("http").hasHost("127.0.0.1").hasPath("/mcp");
        assertThat(httpServer().endpoint().getPort()).isPositive();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void writesNothingToStdout() {
        // Runs last, after every other call has been served.
        assertThat(httpServer().stdout()).as("stdout of the HTTP server").isEmpty();
        assertThat(httpServer().stderrLines()).as("stderr of the HTTP server")
                .anySatisfy(line -> assertThat(line).contains("serving MCP over Streamable HTTP"));
    }

    private HttpServerUnderTest httpServer() {
        return (HttpServerUnderTest) server();
    }
}
