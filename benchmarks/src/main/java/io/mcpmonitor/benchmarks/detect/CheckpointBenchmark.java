package io.mcpmonitor.benchmarks.detect;

import io.mcpmonitor.benchmarks.store.BusyStore;
import io.mcpmonitor.benchmarks.store.BusyWorkload;
import io.mcpmonitor.core.detect.AnomalyDetection;
import io.mcpmonitor.core.detect.DetectionMethod;
import io.mcpmonitor.core.detect.DetectionRequest;
import io.mcpmonitor.core.detect.Sensitivity;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The background detectors' checkpoint on the benchmark store ({@link BusyStore}, 300 busy series, 24 h):
 * its size, how long writing and loading it take, and how long a request waits while it is written.
 *
 * <p>On a copy of the store (detection writes under the store's root): one process learns the day and
 * writes the checkpoint; then, 16 minutes later, with a thread asking {@code detect_anomalies} for one
 * server over and over, it writes the checkpoint again: the slowest of those answers during the write is
 * set against the slowest in as long a stretch before it. Last, a new process continues from the file.
 * Run with {@code java -cp benchmarks.jar io.mcpmonitor.benchmarks.detect.CheckpointBenchmark [--store DIR]}.
 */
public final class CheckpointBenchmark {
    private static final long MINUTE = 60_000L;

    private CheckpointBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path source = args.length == 2 && args[0].equals("--store") ? Path.of(args[1]) : BusyStore.dayOld();
        Path store = Files.createTempDirectory("checkpoint-bench-store");
        try {
            copy(source, store);
            run(store);
        } finally {
            deleteRecursively(store);
        }
    }

    private static void run(Path store) throws IOException, InterruptedException {
        long now = BusyStore.NOW.toEpochMilli() + 20_000;
        DetectionRequest all = new DetectionRequest(null, null, Duration.ofHours(24), Sensitivity.MEDIUM, DetectionMethod.AUTO);
        DetectionRequest one = new DetectionRequest(BusyWorkload.serverName(7), null, Duration.ofHours(24),
                Sensitivity.MEDIUM, DetectionMethod.AUTO);
        AnomalyDetection first = new AnomalyDetection(new StoreReader(Store.open(store))).diagnostics(System.out::println);
        long t0 = System.nanoTime();
        first.runBackground(now);
        System.out.printf("learned the day and wrote the checkpoint in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Path file = store.resolve("detect").resolve("auto-medium.state");
        System.out.printf("checkpoint: %,d bytes for %d series%n", Files.size(file), first.detect(all, now).seriesAnalysed());

        long later = now + 16 * MINUTE;
        first.detect(all, later); // fed up to then: the next checkpoint is due
        long[] before = requestsDuring(first, one, later, () -> sleep(2_000));
        long[] during = requestsDuring(first, one, later, () -> {
            try {
                int bytes = first.checkpoint(later);
                if (bytes == 0) {
                    throw new IllegalStateException("the checkpoint was not written again");
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.printf("requests for one server: %d in 2 s before the write, slowest %.1f ms; %d during the write,"
                + " slowest %.1f ms%n", before[0], before[1] / 1e6, during[0], during[1] / 1e6);

        AnomalyDetection second = new AnomalyDetection(new StoreReader(Store.open(store))).diagnostics(System.out::println);
        long t1 = System.nanoTime();
        int analysed = second.detect(all, later + MINUTE).seriesAnalysed();
        System.out.printf("a new process's first detect_anomalies 24 h from the checkpoint: %.2f s (%d series)%n",
                (System.nanoTime() - t1) / 1e9, analysed);
    }

    /** Runs {@code work} while another thread asks {@code request}; returns the answers counted and the slowest, ns. */
    private static long[] requestsDuring(AnomalyDetection d, DetectionRequest request, long now, Runnable work)
            throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        long[] result = new long[2];
        Thread asker = new Thread(() -> {
            while (!done.get()) {
                long t = System.nanoTime();
                d.detect(request, now);
                result[1] = Math.max(result[1], System.nanoTime() - t);
                result[0]++;
            }
        }, "asker");
        asker.start();
        try {
            work.run();
        } finally {
            done.set(true);
            asker.join();
        }
        return result;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(all.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
    }
}
