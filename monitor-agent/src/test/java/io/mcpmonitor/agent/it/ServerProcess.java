package io.mcpmonitor.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A server JVM the test drives itself: raw stdin, and stdout and stderr captured line by line (stdout as the
 * exact lines the server wrote, for byte-for-byte comparisons). Thread-safe reads of the captured lines.
 * Closing destroys the process if it is still running.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private ServerProcess(Process process) {
        this.process = process;
        this.outReader = pump(process.getInputStream(), stdout, "stdout");
        this.errReader = pump(process.getErrorStream(), stderr, "stderr");
    }

    static ServerProcess start(JavaCommand command) {
        ProcessBuilder pb = new ProcessBuilder(command.command());
        pb.environment().putAll(command.env());
        try {
            return new ServerProcess(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Writes one line (a JSON-RPC message) to the server's stdin. */
    void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code count} stdout lines arrived. */
    List<String> awaitStdoutLines(int count, Duration timeout) throws TimeoutException, InterruptedException {
        return awaitLines(stdout, l -> l.size() >= count, timeout, "stdout lines: " + count);
    }

    /** Waits for a stderr line matching {@code test}, returning it. */
    String awaitStderr(Predicate<String> test, Duration timeout) throws TimeoutException, InterruptedException {
        List<String> lines = awaitLines(stderr, l -> l.stream().anyMatch(test), timeout, "a stderr line");
        return lines.stream().filter(test).findFirst().orElseThrow();
    }

    /** Waits for the process to end (after stdin closed, or after {@link #terminate()}). */
    int awaitExit(Duration timeout) throws InterruptedException, TimeoutException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("server did not exit in " + timeout + "; stderr: " + stderr());
        }
        outReader.join(5000);
        errReader.join(5000);
        return process.exitValue();
    }

    /** SIGTERM: the JVM runs its shutdown hooks. */
    void terminate() {
        process.destroy();
    }

    List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private List<String> awaitLines(List<String> lines, Predicate<List<String>> done, Duration timeout, String what)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (!done.test(lines)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !done.test(lines))) {
                    throw new TimeoutException("waited for " + what + "; stdout " + stdout + ", stderr " + stderr);
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            }
            return List.copyOf(lines);
        }
    }

    private static Thread pump(InputStream stream, List<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (sink) {
                        sink.add(line);
                        sink.notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "it-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
