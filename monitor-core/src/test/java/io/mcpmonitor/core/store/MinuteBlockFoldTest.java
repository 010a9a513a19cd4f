package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.ManualClock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StoreIndex#fold} reads minute data as merged 10-minute blocks where whole blocks fit, and a long
 * range's block-aligned inside as one cached merge: whatever the range's edges, the answer equals reading
 * every minute, and a minute record arriving late for a block or range already merged is in the next answer.
 */
class MinuteBlockFoldTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void blocksGiveTheSameAnswerAsEveryMinuteAndLateDataInvalidatesThem() {
        ManualClock clock = new ManualClock(T0);
        Random random = new Random(7);
        try (Monitor m = monitor(clock)) {
            for (int minute = 0; minute < 150; minute++) {
                for (int i = random.nextInt(40); i > 0; i--) {
                    long nanos = (long) Math.exp(12 + 3 * random.nextDouble());
                    if (random.nextInt(20) == 0) {
                        m.record("srv", "tool", nanos, Outcome.EXCEPTION, "E" + random.nextInt(3), "boom");
                    } else {
                        m.record("srv", "tool", nanos, Outcome.SUCCESS);
                    }
                }
                m.flush();
                clock.advanceMillis(60_000);
            }
        }
        StoreReader reader = new StoreReader(Store.at(dir));
        reader.refresh();
        long[][] ranges = {{0, 150}, {3, 147}, {7, 43}, {10, 20}, {59, 61}, {0, 9}, {12, 118}, {40, 50}};
        for (long[] r : ranges) {
            assertSameAsMinutes(reader, r[0], r[1]);
        }

        // Late data for minute 15 (a block merged above), from another writer, after the fact.
        long lateCalls = 1000;
        try (Monitor late = monitor(new ManualClock(T0.plus(Duration.ofMinutes(15))))) {
            for (int i = 0; i < lateCalls; i++) {
                late.record("srv", "tool", 5_000_000_000L, Outcome.TIMEOUT);
            }
        }
        long before = totals(reader, 10, 20, Resolution.HOUR)[0];
        reader.refresh();
        assertThat(totals(reader, 10, 20, Resolution.HOUR)[0]).isEqualTo(before + lateCalls);
        for (long[] r : ranges) {
            assertSameAsMinutes(reader, r[0], r[1]);
        }
    }

    private Monitor monitor(ManualClock clock) {
        return Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock).build();
    }

    private static void assertSameAsMinutes(StoreReader reader, long fromMinute, long toMinute) {
        assertThat(totals(reader, fromMinute, toMinute, Resolution.HOUR))
                .as("minutes %d..%d", fromMinute, toMinute)
                .containsExactly(totals(reader, fromMinute, toMinute, Resolution.MINUTE));
    }

    /** Calls, errors, error entries, p50, p99 and max of the fold. */
    private static long[] totals(StoreReader reader, long fromMinute, long toMinute, Resolution coarsest) {
        long from = T0.toEpochMilli() + fromMinute * 60_000;
        long to = T0.toEpochMilli() + toMinute * 60_000;
        return reader.read(ix -> {
            DenseCounts h = new DenseCounts();
            long[] calls = new long[3];
            StoreIndex.Series s = ix.series(new SeriesKey("srv", "tool"));
            ix.fold(s, from, to, coarsest, b -> {
                b.histogram().addTo(h);
                calls[0] += b.totalCalls();
                calls[1] += b.totalCalls() - b.count(Outcome.SUCCESS);
                b.forEachError((k, e) -> calls[2] += e.count());
            });
            return new long[] {calls[0], calls[1], calls[2], h.totalCount(), h.valueAtPercentile(50),
                    h.valueAtPercentile(99), h.max()};
        });
    }
}
