package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.ManualClock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorTest {

    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    @TempDir
    Path dir;

    void writeOneCallPerHour(int hours) {
        ManualClock clock = new ManualClock(T0);
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock).writerId("w").build()) {
            for (int h = 0; h < hours; h++) {
                m.record("s", "t", 1_000_000, Outcome.SUCCESS);
                m.flush();
                clock.advanceMillis(Duration.ofHours(1).toMillis());
            }
        }
    }

    long calls(StoreReader r) {
        r.refresh();
        return r.read(ix -> {
            long[] sum = {0};
            ix.series().forEach(s -> ix.fold(s, T0.toEpochMilli(), T0.plus(Duration.ofDays(60)).toEpochMilli(),
                    Resolution.DAY, b -> sum[0] += b.totalCalls()));
            return sum[0];
        });
    }

    /**
     * A writer's flush just after the hour turned carries the last minute of the hour before. That
     * minute goes to its own hour's file, so retention, which deletes an hour's files once its rollup
     * is clean, never leaves a fragment of the hour behind that would then outvote the rollup.
     */
    @Test
    void aMinuteFlushedAfterItsHourEndedStaysWithItsHourThroughRollupsAndRetention() throws Exception {
        Store store = Store.open(dir);
        StoreWriter writer = new StoreWriter(store, "w");
        long hour = T0.toEpochMilli();
        long lastMinute = hour + Duration.ofMinutes(59).toMillis();
        RecordSink sink = RecordSink.toStore(writer);
        for (int m = 0; m < 59; m++) {                         // 10 calls a minute, flushed in their minute
            long minute = hour + m * 60_000L;
            sink.write(minute + 50_000, java.util.List.of(record(minute, 10)), java.util.List.of());
        }
        long nextHour = hour + Duration.ofHours(1).toMillis();
        sink.write(nextHour, java.util.List.of(record(lastMinute, 50), record(nextHour, 7)), java.util.List.of());
        assertThat(store.minuteFile(hour, "w")).isRegularFile();
        try (Stream<String> lines = Files.lines(store.minuteFile(nextHour, "w"))) {
            assertThat(lines.count()).as("only the next hour's own minute").isEqualTo(1);
        }
        assertThat(calls(new StoreReader(store))).isEqualTo(59 * 10 + 50 + 7);

        // Rolled up, then 24 h 30 min later: hour 0's files go, hour 1's stay; every call is still counted.
        new Compactor(store, Retention.DEFAULT).compact(nextHour + Duration.ofMinutes(10).toMillis(), true);
        long past = hour + Duration.ofHours(25).plusMinutes(30).toMillis();
        new Compactor(store, Retention.DEFAULT).compact(past, true);
        assertThat(calls(new StoreReader(store))).isEqualTo(59 * 10 + 50 + 7);
        new Compactor(store, Retention.DEFAULT).compact(past + Duration.ofHours(1).toMillis(), true);
        assertThat(calls(new StoreReader(store))).isEqualTo(59 * 10 + 50 + 7);
    }

    static CallRecord record(long minute, int calls) {
        org.HdrHistogram.Histogram h = HistogramFormat.newHistogram();
        h.recordValueWithCount(2_000_000, calls);
        long[] counts = new long[Outcome.values().length];
        counts[Outcome.SUCCESS.ordinal()] = calls;
        return new CallRecord(Resolution.MINUTE, minute, "s", "t", counts, SparseHistogram.of(h), java.util.List.of());
    }

    @Test
    void rollsUpClosedHoursAndDaysAndOnlyThenDeletesMinuteData() throws Exception {
        writeOneCallPerHour(48);
        Store store = Store.open(dir);
        long now = T0.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(5)).toEpochMilli();
        Compactor.Result r = new Compactor(store, Retention.DEFAULT).compact(now, true);
        assertThat(r.ran()).isTrue();
        assertThat(r.hourRollups()).isEqualTo(48);
        assertThat(r.dayRollups()).isEqualTo(2);
        assertThat(r.filesDeleted()).as("minute files older than 24 h").isEqualTo(24);
        assertThat(calls(new StoreReader(store))).isEqualTo(48);

        // 40 days on: hourly rollups are past their 30 days, daily ones keep the totals.
        long later = T0.plus(Duration.ofDays(40)).toEpochMilli();
        new Compactor(store, Retention.DEFAULT).compact(later, true);
        try (Stream<Path> hourFiles = Files.walk(store.hourDirectory())) {
            assertThat(hourFiles.filter(Files::isRegularFile).count()).isZero();
        }
        assertThat(calls(new StoreReader(store))).isEqualTo(48);
    }

    @Test
    void lateDataIsReadBesideItsRollupUntilTheNextCompactionMergesItIn() throws Exception {
        writeOneCallPerHour(2);
        Store store = Store.open(dir);
        long now = T0.plus(Duration.ofHours(3)).toEpochMilli();
        new Compactor(store, Retention.DEFAULT).compact(now, false);
        // A late flush for hour 0, written after the rollup.
        ManualClock clock = new ManualClock(T0.plus(Duration.ofMinutes(30)));
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock).writerId("late").build()) {
            m.record("s", "t", 1_000_000, Outcome.SUCCESS);
        }
        StoreReader reader = new StoreReader(store);
        assertThat(calls(reader)).as("the rollup and the late data beside it").isEqualTo(3);
        long hour0 = T0.toEpochMilli();
        assertThat(reader.<Boolean>read(ix -> ix.hasCleanRollup(Resolution.HOUR, hour0))).isTrue();
        assertThat(reader.<java.util.Set<String>>read(ix -> ix.lateSources(Resolution.HOUR, hour0))).hasSize(1);
        new Compactor(store, Retention.DEFAULT).compact(now, false);
        assertThat(calls(reader)).isEqualTo(3);
        assertThat(reader.<java.util.Set<String>>read(ix -> ix.lateSources(Resolution.HOUR, hour0))).as("merged into the rollup").isEmpty();
        assertThat(reader.<Long>read(ix -> ix.header(Resolution.HOUR, hour0).sourceCalls())).isEqualTo(2L);
    }

    @Test
    void consolidatesClosedMinuteFilesIntoOneGzippedLinePerSeriesMinuteWithoutChangingAnyTotal() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock).writerId("w").build()) {
            for (int flush = 0; flush < 6; flush++) {          // six 10 s flushes in one minute
                m.record("s", "a", 1_000_000 * (flush + 1), Outcome.SUCCESS);
                m.record("s", "b", 2_000_000, Outcome.TOOL_ERROR, "tool_error", "nope");
                m.flush();
                clock.advanceMillis(10_000);
            }
        }
        Store store = Store.open(dir);
        StoreReader before = new StoreReader(store);
        long callsBefore = calls(before);
        Path plain = store.minuteFile(T0.toEpochMilli(), "w");
        assertThat(Files.readAllLines(plain).stream().filter(l -> l.contains("\"calls\""))).hasSize(12);

        new Compactor(store, Retention.DEFAULT).compact(T0.plus(Duration.ofHours(2)).toEpochMilli(), false);

        Path gz = plain.resolveSibling("w.jsonl.gz");
        assertThat(plain).doesNotExist();
        assertThat(gz).exists();
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text.lines().filter(l -> l.contains("\"calls\""))).hasSize(2);
        }
        assertThat(calls(before)).as("a reader opened before sees the same totals").isEqualTo(callsBefore).isEqualTo(12);
        assertThat(calls(new StoreReader(store))).isEqualTo(12);
    }

    @Test
    void onlyOneCompactorRunsAtATime() throws Exception {
        writeOneCallPerHour(2);
        Store store = Store.open(dir);
        try (FileChannel ch = FileChannel.open(dir.resolve("compact.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var held = ch.lock()) {
            assertThat(new Compactor(store, Retention.DEFAULT).compact(T0.plus(Duration.ofDays(1)).toEpochMilli(), true).ran())
                    .isFalse();
        }
        assertThat(new Compactor(store, Retention.DEFAULT).compact(T0.plus(Duration.ofDays(1)).toEpochMilli(), true).ran())
                .isTrue();
    }
}
