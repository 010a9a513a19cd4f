package io.mcpmonitor.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A process a test drives itself (usually a JVM running a packaged jar): raw stdin, and stdout and stderr
 * captured line by line (stdout as the exact lines the process wrote, for byte-for-byte comparisons). Each
 * stderr line also goes to the {@link Announcement}s added with {@link #announcement}, so a test can wait
 * for the address a server announces. Thread-safe reads of the captured lines. {@link #close()} kills the
 * process if it still runs (a test's end leaves nothing for it to do); {@link #stop()} asks it to end first.
 */
public final class ChildProcess implements AutoCloseable {

    /** How long {@link #stop()} waits for the process after SIGTERM before it kills it. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final List<Announcement> announcements = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private ChildProcess(Process process) {
        this.process = process;
        this.outReader = pump(process.getInputStream(), stdout, line -> { }, "stdout");
        this.errReader = pump(process.getErrorStream(), stderr, this::announce, "stderr");
    }

    /** Starts {@code command} ({@code java} or another executable first) with {@code env} added. */
    public static ChildProcess start(List<String> command, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        return start(pb);
    }

    public static ChildProcess start(List<String> command) {
        return start(command, Map.of());
    }

    /** Starts a process built by the caller (e.g. with stdout redirected to a file: then no stdout lines). */
    public static ChildProcess start(ProcessBuilder pb) {
        try {
            return new ChildProcess(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code command} and waits for the address the process announces on stderr after {@code marker}.
     * The process is killed when it does not announce one within {@code timeout}.
     */
    public static ChildProcess announcing(List<String> command, String marker, Duration timeout) {
        ChildProcess child = start(command);
        try {
            child.announced(marker, timeout);
            return child;
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /**
     * Waits for the address announced after {@code marker} on stderr (in a line already read or a later one).
     *
     * @throws IllegalStateException with stderr so far, on timeout or when stderr ends without it
     */
    public URI announced(String marker, Duration timeout) {
        return announcement(marker).await(timeout);
    }

    /** A new {@link Announcement} of {@code marker}, fed by {@link #feed}. */
    public Announcement announcement(String marker) {
        return feed(new Announcement(marker));
    }

    /** Feeds every stderr line to {@code a}, those already read first; tells it when stderr ends. */
    public Announcement feed(Announcement a) {
        synchronized (stderr) {
            stderr.forEach(a);
            announcements.add(a);
            if (!errReader.isAlive()) {
                a.ended();
            }
        }
        return a;
    }

    /** Writes one line (a JSON-RPC message) to the process's stdin. */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code count} stdout lines arrived. */
    public List<String> awaitStdoutLines(int count, Duration timeout) throws TimeoutException, InterruptedException {
        return awaitLines(stdout, l -> l.size() >= count, timeout, "stdout lines: " + count);
    }

    /** Waits for a stderr line matching {@code test}, returning it. */
    public String awaitStderr(Predicate<String> test, Duration timeout) throws TimeoutException, InterruptedException {
        List<String> lines = awaitLines(stderr, l -> l.stream().anyMatch(test), timeout, "a stderr line");
        return lines.stream().filter(test).findFirst().orElseThrow();
    }

    /** Waits for the process to end (after stdin closed, or after {@link #terminate()}), and for its output. */
    public int awaitExit(Duration timeout) throws InterruptedException, TimeoutException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("process did not exit in " + timeout + "; stderr: " + stderr());
        }
        outReader.join(5000);
        errReader.join(5000);
        return process.exitValue();
    }

    /** SIGTERM: a JVM runs its shutdown hooks. */
    public void terminate() {
        process.destroy();
    }

    public List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    public List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** SIGTERM, then a kill if the process has not ended within {@link #STOP_GRACE}. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private void announce(String line) {
        announcements.forEach(a -> a.accept(line));
    }

    private List<String> awaitLines(List<String> lines, Predicate<List<String>> done, Duration timeout, String what)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (!done.test(lines)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !done.test(lines))) {
                    throw new TimeoutException("waited for " + what + "; stdout " + stdout() + ", stderr " + stderr());
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            }
            return List.copyOf(lines);
        }
    }

    /** Reads {@code stream} line by line into {@code sink} (and {@code each}, under the sink's lock). */
    private Thread pump(InputStream stream, List<String> sink, Consumer<String> each, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (sink) {
                        sink.add(line);
                        each.accept(line);
                        sink.notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process ended.
            } finally {
                synchronized (sink) {
                    if (sink == stderr) {
                        announcements.forEach(Announcement::ended);
                    }
                }
            }
        }, "child-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
