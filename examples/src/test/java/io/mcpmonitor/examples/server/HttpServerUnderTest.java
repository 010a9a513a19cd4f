package io.mcpmonitor.examples.server;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The example server started with {@code --http 0} as a subprocess, and an SDK client speaking Streamable
 * HTTP to the address the server announces on stderr.
 *
 * <p>The server's stdout goes to a file, so {@link #stdout()} can show that nothing was written there.
 */
final class HttpServerUnderTest implements ServerUnderTest {

    static final long STARTUP_TIMEOUT_SECONDS = 30;
    static final long EXIT_TIMEOUT_SECONDS = 10;

    private final Process process;
    private final Path stdoutFile;
    private final List<String> stderrLines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<URI> announcedEndpoint = new CompletableFuture<>();
    private McpSyncClient client;

    private HttpServerUnderTest(Process process, Path stdoutFile) {
        this.process = process;
        this.stdoutFile = stdoutFile;
    }

    /** Starts {@code java -jar example-server.jar <serverArgs> --http 0} and initializes the MCP session. */
    static HttpServerUnderTest start(String... serverArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of(serverArgs));
        args.add("--http");
        args.add("0");
        Path stdoutFile = Files.createTempFile("example-server-stdout", ".txt");
        Process process = new ProcessBuilder(ExampleServerJar.command(args))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(stdoutFile.toFile())
                .start();
        HttpServerUnderTest server = new HttpServerUnderTest(process, stdoutFile);
        server.readStderr();
        try {
            server.connect(server.awaitEndpoint());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The endpoint the server announced, like {@code http://127.0.0.1:41234/mcp}. */
    URI endpoint() {
        return announcedEndpoint.getNow(null);
    }

    @Override
    public McpSyncClient client() {
        return client;
    }

    @Override
    public List<String> stderrLines() {
        return List.copyOf(stderrLines);
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
            if (client != null) {
                client.closeGracefully();
            }
        } finally {
            stopProcess();
        }
    }

    private void readStderr() {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    stderrLines.add(line);
                    if (line.startsWith(ExampleServer.LISTENING_PREFIX)) {
                        announcedEndpoint.complete(URI.create(line.substring(ExampleServer.LISTENING_PREFIX.length())));
                    }
                }
            } catch (IOException e) {
                stderrLines.add("(stderr unreadable: " + e + ")");
            } finally {
                announcedEndpoint.completeExceptionally(
                        new IllegalStateException("server closed stderr without announcing its port"));
            }
        }, "example-server-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    private URI awaitEndpoint() {
        try {
            return announcedEndpoint.get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server's port", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("server announced no port within " + STARTUP_TIMEOUT_SECONDS
                    + " s; stderr: " + stderrLines, e);
        }
    }

    private void connect(URI endpoint) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://" + endpoint.getAuthority())
                .endpoint(endpoint.getPath())
                .build();
        client = McpClient.sync(transport)
                .requestTimeout(StdioServerUnderTest.REQUEST_TIMEOUT)
                .initializationTimeout(StdioServerUnderTest.INITIALIZATION_TIMEOUT)
                .build();
        client.initialize();
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(stdoutFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
