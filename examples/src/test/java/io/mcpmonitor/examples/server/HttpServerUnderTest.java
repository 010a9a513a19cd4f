package io.mcpmonitor.examples.server;

import io.mcpmonitor.testkit.ChildProcess;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The example server started with {@code --http 0} as a subprocess, and an SDK client speaking Streamable
 * HTTP to the address the server announces on stderr.
 *
 * <p>The server's stdout goes to a file, so {@link #stdout()} can show that nothing was written there.
 */
final class HttpServerUnderTest extends ServerUnderTest {

    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final ChildProcess process;
    private final Path stdoutFile;

    private HttpServerUnderTest(ChildProcess process, Path stdoutFile) {
        this.process = process;
        this.stdoutFile = stdoutFile;
        process.feed(stderr);
    }

    /** Starts {@code java -jar example-server.jar <serverArgs> --http 0} and initializes the MCP session. */
    static HttpServerUnderTest start(String... serverArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of(serverArgs));
        args.add("--http");
        args.add("0");
        Path stdoutFile = Files.createTempFile("example-server-stdout", ".txt");
        ChildProcess process = ChildProcess.start(new ProcessBuilder(ExampleServerJar.command(args))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(stdoutFile.toFile()));
        HttpServerUnderTest server = new HttpServerUnderTest(process, stdoutFile);
        try {
            URI endpoint = server.stderr.await(STARTUP_TIMEOUT);
            server.connect(HttpClientStreamableHttpTransport
                    .builder("http://" + endpoint.getAuthority())
                    .endpoint(endpoint.getPath())
                    .build());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The endpoint the server announced, like {@code http://127.0.0.1:41234/mcp}. */
    URI endpoint() {
        return stderr.now();
    }

    /** Everything the server has written to stdout so far. */
    String stdout() {
        try {
            return Files.readString(stdoutFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (client() != null) {
                client().closeGracefully();
            }
        } finally {
            process.stop();
            try {
                Files.deleteIfExists(stdoutFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
