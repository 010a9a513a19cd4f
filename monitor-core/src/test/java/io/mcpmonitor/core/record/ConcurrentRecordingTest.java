package io.mcpmonitor.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 8 threads x 1,000,000 calls into one series lose nothing. */
class ConcurrentRecordingTest {

    static final int THREADS = 8;
    static final int CALLS_PER_THREAD = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void eightThreadsRecordingOneMillionCallsEachStoreExactlyEightMillion() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-25T10:00:30Z"));
        long[][] recorded = new long[THREADS][CALLS_PER_THREAD];
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock)
                .writerId("concurrent").build()) {
            ToolTimer timer = m.timer("load", "hammer");
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            Future<?>[] done = new Future<?>[THREADS];
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done[t] = pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(thread);
                    go.await();
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        // log-uniform from 10 µs to 10 s, half through the manual API, half through the lookup path
                        long nanos = (long) Math.exp(Math.log(10_000) + rnd.nextDouble() * Math.log(1_000_000));
                        recorded[thread][i] = nanos;
                        if ((i & 1) == 0) {
                            timer.record(nanos, Outcome.SUCCESS);
                        } else {
                            m.record("load", "hammer", nanos, Outcome.SUCCESS);
                        }
                        if (thread == 0 && i % 100_000 == 0) {
                            m.flush(); // flushes race with recording, as they do in production
                        }
                    }
                    return null;
                });
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
        }
        Summary s = new MetricsQueries(new StoreReader(Store.at(dir))).run(MetricsQuery.builder()
                .server("load").tool("hammer").start(Instant.parse("2026-11-25T10:00:00Z"))
                .end(Instant.parse("2026-11-25T10:01:00Z")).build()).summary();

        assertThat(s.totalCalls()).isEqualTo((long) THREADS * CALLS_PER_THREAD);
        long[] all = Arrays.stream(recorded).flatMapToLong(Arrays::stream).sorted().toArray();
        assertThat(s.p50ResponseTime()).isCloseTo(ms(percentile(all, 50)), withPercentage(1));
        assertThat(s.p95ResponseTime()).isCloseTo(ms(percentile(all, 95)), withPercentage(1));
        assertThat(s.p99ResponseTime()).isCloseTo(ms(percentile(all, 99)), withPercentage(1));
        assertThat(s.maxResponseTime()).isCloseTo(ms(all[all.length - 1]), withPercentage(1));
        assertThat(s.minResponseTime()).isCloseTo(ms(all[0]), withPercentage(1));
    }

    static long percentile(long[] sorted, double p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, idx)];
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
