package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store a sidecar has compacted: closed hours are consolidated minute files with hour rollups. A fresh
 * reader answers those hours from their rollups and reads a consolidated file's minute lines only when a
 * question needs minutes of its hour; every answer is the one a reader that reads every line gives, and a
 * rollup that is not clean (damaged) is not trusted, nor is a damaged consolidated file left unread.
 */
class ConsolidatedHoursTest {

    static final long T0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final int HOURS = 5;

    @TempDir
    Path dir;

    /** Five hours from two writers, one flush a minute with a process sample, then one compaction. */
    private Store writeAndCompact() throws Exception {
        Store store = Store.open(dir);
        StoreWriter a = new StoreWriter(store, "a");
        StoreWriter b = new StoreWriter(store, "b");
        for (int m = 0; m < HOURS * 60; m++) {
            long flushed = T0 + (m + 1) * MINUTE - 1;
            a.appendRecords(flushed, List.of(TestRecords.calls(T0 + m * MINUTE, "s", 1 + m % 7)),
                    List.of(new ProcessRecord(flushed, "a", 1, List.of("s"), 1, 2, 3, 4, -1, -1)));
            if (m % 3 == 0) {
                b.appendRecords(flushed, List.of(TestRecords.calls(T0 + m * MINUTE, "t", 2 + m % 5)), List.of());
            }
        }
        assertThat(new Compactor(store, Retention.DEFAULT).compact(T0 + HOURS * HOUR + 10 * MINUTE, false).ran()).isTrue();
        assertThat(consolidated()).as("every closed hour consolidated").hasSize(2 * HOURS);
        return store;
    }

    private List<Path> consolidated() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("minute"))) {
            return s.filter(p -> p.toString().endsWith(".jsonl.gz")).sorted().toList();
        }
    }

    private static long expected(int fromMinute, int toMinute) {
        long sum = 0;
        for (int m = fromMinute; m < toMinute; m++) {
            sum += 1 + m % 7;
            if (m % 3 == 0) {
                sum += 2 + m % 5;
            }
        }
        return sum;
    }

    private static long fold(StoreReader r, long from, long to, Resolution coarsest) {
        return r.read(ix -> {
            long[] sum = {0};
            ix.series().forEach(s -> ix.fold(s, from, to, coarsest, b -> sum[0] += b.totalCalls()));
            return sum[0];
        });
    }

    /** Per series and minute, calls and p95 from the minute buckets: what minute questions read. */
    private static List<String> perMinute(StoreReader r, long from, long to) {
        return r.read(ix -> {
            List<String> out = new ArrayList<>();
            ix.series().stream().sorted(java.util.Comparator.comparing(s -> s.key().toString())).forEach(s -> {
                out.add(s.key() + " " + s.firstMinuteMillis() + ".." + s.lastMinuteMillis());
                s.minutes(from, to).forEach((m, b) -> out.add(m + " " + b.totalCalls() + " " + b.histogram().encode()));
            });
            return out;
        });
    }

    private static int unloaded(StoreReader r) {
        return r.read(ix -> ix.unloadedHours().size());
    }

    /** The reference: the compactor's reader reads every line of every consolidated file. */
    private StoreReader everyLine() throws Exception {
        StoreReader r = new StoreReader(Store.open(dir), false);
        r.refresh();
        return r;
    }

    @Test
    void closedHoursAreAnsweredFromTheirRollupsAndMinutesAreReadOnlyWhereAsked() throws Exception {
        writeAndCompact();
        StoreReader r = new StoreReader(Store.open(dir));
        r.refresh();
        StoreReader all = everyLine();
        assertThat(unloaded(r)).as("no consolidated calls line read at open").isEqualTo(HOURS);
        assertThat((int) r.read(ix -> ix.processes().size())).as("process lines are read at open")
                .isEqualTo((int) all.read(ix -> ix.processes().size())).isEqualTo(HOURS * 60);
        assertThat(r.stats().lines()).isEqualTo(all.stats().lines());

        assertThat(fold(r, T0, T0 + HOURS * HOUR, Resolution.DAY)).isEqualTo(expected(0, HOURS * 60));
        assertThat(unloaded(r)).as("whole hours need no minutes").isEqualTo(HOURS);
        // a range starting inside hour 1 needs hour 1's minutes, and those only
        assertThat(fold(r, T0 + HOUR + 25 * MINUTE, T0 + HOURS * HOUR, Resolution.DAY))
                .isEqualTo(expected(85, HOURS * 60))
                .isEqualTo(fold(all, T0 + HOUR + 25 * MINUTE, T0 + HOURS * HOUR, Resolution.DAY));
        assertThat((boolean) r.read(ix -> ix.unloadedHours().contains(T0 + HOUR))).isFalse();
        assertThat(unloaded(r)).isEqualTo(HOURS - 1);

        assertThat(perMinute(r, T0, T0 + HOURS * HOUR)).as("minute by minute, and every series' first and last minute")
                .isEqualTo(perMinute(all, T0, T0 + HOURS * HOUR));
        assertThat(unloaded(r)).isZero();
        assertThat(fold(r, T0, T0 + HOURS * HOUR, Resolution.MINUTE)).isEqualTo(expected(0, HOURS * 60));
        assertThat(fold(r, T0 + 7 * MINUTE, T0 + HOURS * HOUR - 3 * MINUTE, Resolution.DAY))
                .isEqualTo(expected(7, HOURS * 60 - 3));
        assertThat(r.stats().lines()).as("no line counted twice once loaded").isEqualTo(all.stats().lines());
    }

    @Test
    void lateDataBesideTheRollupsIsCountedOnceAndTheDayRollupAnswersToo() throws Exception {
        Store store = writeAndCompact();
        // written after the compaction, for hour 0: a late file of its own, which no rollup names
        new StoreWriter(store, "c").appendRecords(T0 + HOURS * HOUR + 20 * MINUTE,
                List.of(TestRecords.calls(T0 + 10 * MINUTE, "s", 1000)), List.of());
        // and the day rolled up (a day later), naming the consolidated files of its hours
        assertThat(new Compactor(store, Retention.DEFAULT).compact(T0 + 24 * HOUR + 10 * MINUTE, false).ran()).isTrue();
        StoreReader r = new StoreReader(Store.open(dir));
        r.refresh();
        assertThat(unloaded(r)).as("the rollups name every consolidated file").isEqualTo(HOURS);
        assertThat(fold(r, T0, T0 + 24 * HOUR, Resolution.DAY)).isEqualTo(expected(0, HOURS * 60) + 1000);
        assertThat(fold(r, T0, T0 + HOURS * HOUR, Resolution.HOUR)).isEqualTo(expected(0, HOURS * 60) + 1000);
        assertThat(unloaded(r)).isEqualTo(HOURS);
        assertThat(fold(r, T0 + 5 * MINUTE, T0 + HOURS * HOUR, Resolution.DAY)).isEqualTo(expected(5, HOURS * 60) + 1000);
        assertThat(fold(r, T0, T0 + 24 * HOUR, Resolution.MINUTE)).isEqualTo(expected(0, HOURS * 60) + 1000);
        assertThat(perMinute(r, T0, T0 + HOURS * HOUR)).isEqualTo(perMinute(everyLineWithPlainFiles(), T0, T0 + HOURS * HOUR));
    }

    /** A reader of every line, plain late files included: hour 0's consolidated file is read whole beside it. */
    private StoreReader everyLineWithPlainFiles() throws Exception {
        // without rollups, every reader reads every minute line
        Path copy = Files.createTempDirectory(dir.getParent(), "copy");
        try (Stream<Path> s = Files.walk(dir.resolve("minute"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Path to = copy.resolve(dir.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.copy(p, to);
            }
        }
        StoreReader r = new StoreReader(Store.open(copy));
        r.refresh();
        assertThat(unloaded(r)).isZero();
        return r;
    }

    @Test
    void aDamagedRollupIsNotTrustedAndADamagedConsolidatedFileIsReadAndReported() throws Exception {
        Store store = writeAndCompact();
        // hour 1's rollup cut short: skipped whole, so hour 1 is answered from its minute lines
        Path rollup = store.rollupFile(Resolution.HOUR, T0 + HOUR);
        byte[] bytes = Files.readAllBytes(rollup);
        Files.write(rollup, java.util.Arrays.copyOf(bytes, bytes.length - 12));
        // one consolidated file of hour 3 with a byte changed in its compressed data
        Path damaged = consolidated().stream().filter(p -> p.toString().contains("/03/")).findFirst().orElseThrow();
        byte[] gz = Files.readAllBytes(damaged);
        gz[gz.length / 2] ^= 0x55;
        Files.write(damaged, gz);

        StoreReader r = new StoreReader(Store.open(dir));
        r.refresh();
        assertThat((boolean) r.read(ix -> ix.unloadedHours().contains(T0 + HOUR))).as("a damaged rollup answers nothing").isFalse();
        assertThat((boolean) r.read(ix -> ix.unloadedHours().contains(T0 + 3 * HOUR)))
                .as("the other file of hour 3 is still left to its rollup").isTrue();
        assertThat(r.stats().problems()).anyMatch(p -> p.contains("damaged rollup")).anyMatch(p -> p.contains(damaged.toString()));
        assertThat(fold(r, T0, T0 + HOURS * HOUR, Resolution.DAY)).as("the clean rollups hold what was merged")
                .isEqualTo(expected(0, HOURS * 60));
        StoreReader all = everyLine();
        assertThat(fold(r, T0 + HOUR + MINUTE, T0 + HOURS * HOUR, Resolution.DAY))
                .isEqualTo(fold(all, T0 + HOUR + MINUTE, T0 + HOURS * HOUR, Resolution.DAY));
        assertThat(perMinute(r, T0, T0 + HOURS * HOUR)).isEqualTo(perMinute(all, T0, T0 + HOURS * HOUR));
    }
}
