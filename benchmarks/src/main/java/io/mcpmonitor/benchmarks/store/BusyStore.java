package io.mcpmonitor.benchmarks.store;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.store.Compactor;
import io.mcpmonitor.core.store.HistogramFormat;
import io.mcpmonitor.core.store.RecordCodec;
import io.mcpmonitor.core.store.Retention;
import io.mcpmonitor.core.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The store the query and footprint benchmarks read: a day-old store of {@link BusyWorkload}'s 300
 * busy series, written through the real recording API ({@link Monitor} with a {@link ManualClock},
 * flushed once per minute into the JSON store) for the 24 h before {@link #NOW}, then compacted by
 * the real {@link Compactor} at {@link #NOW} (hourly rollups of every closed hour, the daily rollup
 * of the closed day, retention applied), as a store that has been running for a day would be.
 *
 * <p>Writing it takes a minute or two, so it is generated once and kept under
 * {@code ${java.io.tmpdir}/mcp-monitor-bench/}; later JMH forks and runs reuse it. The directory
 * name carries the store format version and histogram precision; pass
 * {@code -Dmcpmonitor.bench.regenerate=true} to force a new one after other changes to monitor-core.
 *
 * <p>Not thread-safe; call from one thread.
 */
public final class BusyStore {

    /** The moment the store is one day old and queried; minute-aligned, not hour-aligned. */
    public static final Instant NOW = Instant.parse("2025-06-02T10:37:00Z");
    /** How much minute data the store holds. */
    public static final Duration SPAN = Duration.ofHours(24);
    public static final long SEED = 20_250_602L;
    /** Marker written last; a directory without it is incomplete. */
    static final String READY = "READY.txt";

    private BusyStore() {
    }

    /** The day-old store, generated on first use (or when asked to regenerate) and cached. */
    public static Path dayOld() {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "mcp-monitor-bench");
        Path dir = base.resolve("busy-store-v" + RecordCodec.FORMAT_VERSION + "-d" + HistogramFormat.SIGNIFICANT_DIGITS
                + "-" + BusyWorkload.SERVERS + "x" + BusyWorkload.TOOLS + "-24h-60s");
        try {
            if (Boolean.getBoolean("mcpmonitor.bench.regenerate") || !Files.exists(dir.resolve(READY))) {
                deleteRecursively(dir);
                Path tmp = Files.createDirectories(base).resolve(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
                deleteRecursively(tmp);
                long t0 = System.nanoTime();
                long from = NOW.minus(SPAN).toEpochMilli();
                Generated g = write(tmp, from, (int) SPAN.toMinutes(), 60, SEED);
                long t1 = System.nanoTime();
                Compactor.Result c = new Compactor(Store.open(tmp), Retention.DEFAULT).compact(NOW.toEpochMilli(), true);
                long t2 = System.nanoTime();
                String note = String.format("%s%nwritten in %.1f s, compacted in %.1f s: %s%n", g,
                        (t1 - t0) / 1e9, (t2 - t1) / 1e9, c);
                Files.writeString(tmp.resolve(READY), note);
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                System.out.print("[busy-store] generated " + dir + ": " + note);
            } else {
                System.out.println("[busy-store] reusing " + dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the benchmark store in " + dir, e);
        }
    }

    /** What {@link #write} produced. */
    public record Generated(int seriesMinutes, long calls, int flushes) {
    }

    /**
     * Writes {@code minutes} minutes of the workload starting at {@code fromMillis} (minute-aligned)
     * into the store at {@code dir} through a {@link Monitor}, flushing every {@code flushSeconds}
     * (a divisor of 60) of simulated time, as the monitor's own timer would.
     */
    public static Generated write(Path dir, long fromMillis, int minutes, int flushSeconds, long seed) {
        if (flushSeconds <= 0 || 60 % flushSeconds != 0) {
            throw new IllegalArgumentException("flushSeconds must divide 60, was " + flushSeconds);
        }
        ManualClock clock = new ManualClock(fromMillis);
        int flushesPerMinute = 60 / flushSeconds;
        long calls = 0;
        int flushes = 0;
        try (Monitor monitor = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock)
                .writerId("bench-writer").build()) {
            BusyWorkload workload = new BusyWorkload(monitor, seed);
            int series = BusyWorkload.seriesCount();
            int[] perMinute = new int[series];
            for (int m = 0; m < minutes; m++) {
                long minuteStart = fromMillis + m * 60_000L;
                for (int s = 0; s < series; s++) {
                    perMinute[s] = workload.callsPerMinute();
                    calls += perMinute[s];
                }
                for (int f = 0; f < flushesPerMinute; f++) {
                    for (int s = 0; s < series; s++) {
                        workload.record(s, share(perMinute[s], f, flushesPerMinute));
                    }
                    clock.setWallMillis(minuteStart + (f + 1) * flushSeconds * 1000L - 1);
                    monitor.flush();
                    flushes++;
                }
            }
        }
        return new Generated(minutes * BusyWorkload.seriesCount(), calls, flushes);
    }

    /** The calls of flush {@code f} of {@code n} when a minute has {@code total}: spread evenly. */
    private static int share(int total, int f, int n) {
        return total / n + (f < total % n ? 1 : 0);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
