package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of writes (on time, late into a rolled-up or consolidated hour, far back into
 * an hour whose minute data retention already deleted, by writers that reuse their files or not),
 * clock steps, compactions and retention: after every step, every acknowledged call of every day and
 * hour still inside retention is counted exactly once — by a reader kept open across the steps and by
 * a fresh one.
 */
class LateWriteInterleavingsTest {

    static final long T0 = Instant.parse("2026-11-20T00:30:00Z").toEpochMilli();
    static final long MINUTE = 60_000;

    /** One step of a run. */
    sealed interface Op permits Write, Advance, Compact {
    }

    /** {@code calls} calls written by writer {@code writer} now, for the minute {@code ageMinutes} ago. */
    record Write(int writer, int ageMinutes, int calls) implements Op {
    }

    /** The clock moves on. */
    record Advance(int minutes) implements Op {
    }

    /** A compaction now, with retention or without. */
    record Compact(boolean retention) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> runs() {
        Arbitrary<Op> write = Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 3)),            // on time
                        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(4, 180)),          // late, same day
                        net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(181, 7 * 1440))),  // backfill
                Arbitraries.integers().between(1, 40)).as((w, a, c) -> (Op) new Write(w, a, c));
        Arbitrary<Op> advance = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(1, 90)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(91, 1500)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1501, 4000))).map(m -> (Op) new Advance(m));
        Arbitrary<Op> compact = Arbitraries.of(true, false).map(r -> (Op) new Compact(r));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, write), net.jqwik.api.Tuple.of(3, advance), net.jqwik.api.Tuple.of(3, compact))
                .list().ofMinSize(5).ofMaxSize(30);
    }

    @Property(tries = 15)
    void everyAcknowledgedCallIsCountedOnceWithTheDefaultRetention(@ForAll("runs") List<Op> run) throws IOException {
        check(run, Retention.DEFAULT);
    }

    /** Retention short enough that minute data, hourly and daily rollups all expire within a run. */
    @Property(tries = 15)
    void everyAcknowledgedCallInsideRetentionIsCountedOnceWithAShortRetention(@ForAll("runs") List<Op> run) throws IOException {
        check(run, new Retention(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(2), Duration.ofMinutes(2)));
    }

    private static void check(List<Op> run, Retention retention) throws IOException {
        Path dir = Files.createTempDirectory("late-writes");
        try {
            Store store = Store.open(dir);
            Map<Integer, StoreWriter> writers = new HashMap<>();
            TreeMap<Long, Long> acknowledged = new TreeMap<>(); // by minute
            StoreReader kept = new StoreReader(store);
            long now = T0;
            int step = 0;
            for (Op op : run) {
                step++;
                if (op instanceof Write w) {
                    long minute = Resolution.MINUTE.floor(now - w.ageMinutes() * MINUTE);
                    StoreWriter writer = writers.computeIfAbsent(w.writer(), i -> new StoreWriter(store, "w" + i));
                    RecordSink.toStore(writer).write(now, List.of(CompactorTest.record(minute, w.calls())), List.of());
                    acknowledged.merge(minute, (long) w.calls(), Long::sum);
                } else if (op instanceof Advance a) {
                    now += a.minutes() * MINUTE;
                } else if (op instanceof Compact c) {
                    assertThat(new Compactor(store, retention).compact(now, c.retention()).ran()).isTrue();
                }
                String when = "after step " + step + " " + op + " of " + run;
                kept.refresh();
                assertCounts(kept, acknowledged, now, retention, "kept reader, " + when);
                StoreReader fresh = new StoreReader(store);
                fresh.refresh();
                assertCounts(fresh, acknowledged, now, retention, "fresh reader, " + when);
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Each day whose daily rollup is still kept, read through day rollups, and each hour whose hourly
     * rollup is still kept, read through hour rollups, holds exactly the calls acknowledged for it.
     */
    private static void assertCounts(StoreReader reader, TreeMap<Long, Long> acknowledged, long now, Retention retention,
                                     String when) {
        Map<Long, Long> byDay = new TreeMap<>();
        Map<Long, Long> byHour = new TreeMap<>();
        acknowledged.forEach((minute, calls) -> {
            byDay.merge(Resolution.DAY.floor(minute), calls, Long::sum);
            byHour.merge(Resolution.HOUR.floor(minute), calls, Long::sum);
        });
        long dayHorizon = now - retention.dayRollups().toMillis();
        long hourHorizon = now - retention.hourRollups().toMillis();
        byDay.forEach((day, calls) -> {
            if (day + Resolution.DAY.millis() > dayHorizon) {
                assertThat(counted(reader, day, day + Resolution.DAY.millis(), Resolution.DAY))
                        .as("calls of the day %s, %s", Instant.ofEpochMilli(day), when).isEqualTo(calls);
            }
        });
        byHour.forEach((hour, calls) -> {
            if (hour + Resolution.HOUR.millis() > hourHorizon) {
                assertThat(counted(reader, hour, hour + Resolution.HOUR.millis(), Resolution.HOUR))
                        .as("calls of the hour %s, %s", Instant.ofEpochMilli(hour), when).isEqualTo(calls);
            }
        });
    }

    private static long counted(StoreReader reader, long from, long to, Resolution coarsest) {
        return reader.read(ix -> {
            long[] sum = {0};
            ix.series().forEach(s -> ix.fold(s, from, to, coarsest, b -> sum[0] += b.totalCalls()));
            return sum[0];
        });
    }
}
