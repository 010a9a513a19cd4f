package io.mcpmonitor.mcp.notify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The example MCP server ({@code examples/target/example-server.jar}, tools {@code echo}, {@code flaky}, …) for ITs:
 * its command line for stdio, or a started {@code --http 0} process with its announced endpoint.
 */
final class ExampleServerProcess implements AutoCloseable {

    static final String LISTENING = "example-server listening on ";

    final Process process;
    final URI endpoint;
    final List<String> stderr;

    private ExampleServerProcess(Process process, URI endpoint, List<String> stderr) {
        this.process = process;
        this.endpoint = endpoint;
        this.stderr = stderr;
    }

    static String jar() {
        Path jar = Path.of(System.getProperty("example.server.jar", "../examples/target/example-server.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with `mvn -pl examples package`");
        }
        return jar.toString();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -jar example-server.jar} as an {@code mcp_tool} stdio endpoint. */
    static List<String> stdioCommand() {
        return List.of(java(), "-jar", jar());
    }

    /** Starts {@code example-server.jar --http 0} and waits for its endpoint. */
    static ExampleServerProcess http() throws Exception {
        Process p = new ProcessBuilder(java(), "-jar", jar(), "--http", "0").start();
        List<String> stderr = new CopyOnWriteArrayList<>();
        CompletableFuture<URI> announced = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.add(line);
                    int i = line.indexOf(LISTENING);
                    if (i >= 0) {
                        announced.complete(URI.create(line.substring(i + LISTENING.length()).trim()));
                    }
                }
            } catch (IOException e) {
                stderr.add("(stderr closed: " + e + ")");
            }
            announced.completeExceptionally(new IllegalStateException("example-server exited without announcing: " + stderr));
        }, "example-server-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ExampleServerProcess(p, announced.get(30, TimeUnit.SECONDS), stderr);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** Kills the stdio example servers this JVM spawned (not {@code --http} ones); how many there were. */
    static long killStdioChildren() throws InterruptedException {
        List<ProcessHandle> victims = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains("example-server.jar") && !c.contains("--http")).orElse(false))
                .toList();
        for (ProcessHandle p : victims) {
            p.destroyForcibly();
            p.onExit().join();
        }
        return victims.size();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
