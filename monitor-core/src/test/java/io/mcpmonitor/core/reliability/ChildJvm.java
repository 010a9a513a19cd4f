package io.mcpmonitor.core.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test classpath run as its own JVM, so that it can be killed with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux) at any moment, as a crash or the OOM killer would.
 * Its stdout lines are collected as they come.
 */
final class ChildJvm implements AutoCloseable {

    final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outPump;
    private final Thread errPump;

    private ChildJvm(Process process) {
        this.process = process;
        outPump = pump(process.getInputStream(), out, "out");
        errPump = pump(process.getErrorStream(), err, "err");
    }

    static ChildJvm start(Class<?> main, Object... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
        for (Object a : args) {
            cmd.add(String.valueOf(a));
        }
        return new ChildJvm(new ProcessBuilder(cmd).start());
    }

    private static Thread pump(java.io.InputStream in, List<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "child-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits for a normal exit (generous: the machine is loaded); the exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child did not exit; stderr: " + err);
        }
        return process.exitValue();
    }

    /**
     * SIGKILL, then waits until it is gone and its output pipes are closed. Lines the child wrote just
     * before it died may be missing from {@link #out}: when a process exits, the JDK drains and closes
     * its pipe while our reader may still be mid-read, and what it held can be lost. A test that must
     * know exactly what a killed child did has the child write that to a file instead.
     */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
        outPump.join(TimeUnit.SECONDS.toMillis(30));
        errPump.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** The last line of stdout starting with {@code prefix}, or null. */
    String last(String prefix) {
        String found = null;
        for (String l : out) {
            if (l.startsWith(prefix)) {
                found = l;
            }
        }
        return found;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
