package io.mcpmonitor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A third-party server a test runs for real (Prometheus, Alertmanager) on a free loopback port: stdout and
 * stderr go to a log file, {@link #start} returns once its readiness URL answers 200, and every failure
 * (it exited, it was not ready, a poll never saw what it waited for) carries the log.
 *
 * <p>Thread-safe. {@link #close()} stops it with SIGTERM and kills it after {@link #STOP_GRACE}.
 *
 * @param name    names the server in failure messages
 * @param process the running server
 * @param base    {@code http://127.0.0.1:PORT}
 * @param logFile where its stdout and stderr go
 */
public record LoopbackDaemon(String name, Process process, URI base, Path logFile) implements AutoCloseable {

    /** How long {@link #start} and {@link #poll} wait: generous, for a loaded machine. */
    public static final Duration PATIENCE = Duration.ofSeconds(90);
    /** How long {@link #close()} waits after SIGTERM. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A TCP port on the loopback address that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts the command {@code commandOnPort} makes for a free port (it listens on {@code 127.0.0.1:port}),
     * logging to {@code log}, and waits until {@code GET readyPath} answers 200.
     *
     * @param name names the server in failure messages
     * @throws IllegalStateException with the log when it exits or is not ready within {@link #PATIENCE}
     */
    public static LoopbackDaemon start(String name, IntFunction<List<String>> commandOnPort, Path log, String readyPath)
            throws IOException, InterruptedException {
        int port = freePort();
        Process p = new ProcessBuilder(commandOnPort.apply(port)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        LoopbackDaemon daemon = new LoopbackDaemon(name, p, URI.create("http://127.0.0.1:" + port), log);
        try {
            daemon.awaitReady(readyPath);
        } catch (RuntimeException | InterruptedException e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    /** The body of {@code GET pathAndQuery} (resolved against {@link #base()}), whatever its status. */
    public String get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /**
     * Reads {@code read} every {@code every} until {@code done} holds, and returns that value.
     *
     * @throws AssertionError naming {@code what}, with the last value read and the log, after {@link #PATIENCE}
     */
    public <T> T poll(String what, Callable<T> read, Predicate<T> done, Duration every) throws Exception {
        try {
            return Poll.until(what, PATIENCE, every, read, done);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nlog: " + log(), e);
        }
    }

    private void awaitReady(String readyPath) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + log());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(base.resolve(readyPath)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + PATIENCE + ": " + log());
    }

    /** What the server logged so far. */
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
    }
}
