package io.mcpmonitor.mcp.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One wall clock for several real JVMs of an IT, moved forward by the test: each process is started
 * with libfaketime preloaded, reading its offset from one file that {@link #jumpTo} rewrites. The
 * monotonic clock stays real, so timeouts, sleeps and pollers behave as usual; only wall time (what
 * the store's minutes, deployment times and the judge's delay are made of) jumps. A process sees a
 * jump within about a second (libfaketime re-reads the file once a second).
 *
 * <p>libfaketime is the Debian package {@code faketime} (.ci/debian-packages): without it the IT fails.
 */
final class SharedWallClock {

    /** Where Debian and others put the preload library. */
    private static final List<String> LIBRARY_DIRECTORIES = List.of("/usr/lib/x86_64-linux-gnu/faketime",
            "/usr/lib/aarch64-linux-gnu/faketime", "/usr/lib/faketime", "/usr/local/lib/faketime", "/usr/lib64/faketime");

    private final Path library;
    private final Path offsetFile;
    private long offsetSeconds;

    private SharedWallClock(Path library, Path offsetFile) {
        this.library = library;
        this.offsetFile = offsetFile;
    }

    /** A clock at real time whose offset lives in {@code directory}; fails when libfaketime is not installed. */
    static SharedWallClock in(Path directory) throws IOException {
        Path library = LIBRARY_DIRECTORIES.stream().map(d -> Path.of(d, "libfaketime.so.1")).filter(Files::isReadable)
                .findFirst().orElseThrow(() -> new AssertionError("libfaketime is required (apt-get install -y faketime; "
                        + "./test installs it): none of " + LIBRARY_DIRECTORIES + " holds libfaketime.so.1"));
        SharedWallClock clock = new SharedWallClock(library, directory.resolve("faketime-offset"));
        clock.write();
        return clock;
    }

    /** The environment that puts a process on this clock. */
    Map<String, String> environment() {
        return Map.of("LD_PRELOAD", library.toString(),
                "FAKETIME_TIMESTAMP_FILE", offsetFile.toString(),
                "FAKETIME_CACHE_DURATION", "1",
                // Real monotonic time: the JVM's timed waits and schedulers, and the SDK's timeouts, use it.
                "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                // Without this, libfaketime's glibc workaround makes timed waits return early: the JVM's
                // housekeeping threads spin, and a JVM takes 40 s instead of 7 to start on a loaded machine.
                "FAKETIME_FORCE_MONOTONIC_FIX", "0",
                // File times stay real: the store reader looks at them.
                "NO_FAKE_STAT", "1");
    }

    /** The wall time the processes on this clock see now (give or take the second of re-reading). */
    long nowMillis() {
        return System.currentTimeMillis() + offsetSeconds * 1000;
    }

    /** Moves the clock forward so that it shows at least {@code wallMillis} now; never backwards. */
    void jumpTo(long wallMillis) throws IOException {
        long needed = Math.floorDiv(wallMillis - System.currentTimeMillis() + 999, 1000);
        if (needed < offsetSeconds) {
            throw new IllegalArgumentException("the shared clock only moves forward: " + needed + " s < " + offsetSeconds + " s");
        }
        offsetSeconds = needed;
        write();
    }

    /**
     * Removes what libfaketime leaves in /dev/shm for a process of {@code pids} that ended without running
     * its exit handlers (killed): a later process given the same pid would otherwise fail to start on it.
     */
    static void removeLeftovers(Set<Long> pids) {
        for (long pid : pids) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue; // still exiting: it cleans up after itself
            }
            for (String name : List.of("faketime_shm_" + pid, "sem.faketime_sem_" + pid)) {
                try {
                    Files.deleteIfExists(Path.of("/dev/shm", name));
                } catch (IOException e) {
                    // best effort: a leftover only matters if its pid comes round again
                }
            }
        }
    }

    private void write() throws IOException {
        Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
        Files.writeString(tmp, "+" + offsetSeconds + "\n");
        Files.move(tmp, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
