package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers keep a summary beside each minute file; a reader answers whole hours from it and loads minute
 * lines only when asked for minutes, and every answer is the one the minute lines alone give: a call is
 * never counted twice (late lines after the summary) nor lost (a stale or damaged summary is not used).
 */
class HourSummaryTest {

    static final long T0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    /** Five closed hours written the way a writer writes them: one flush a minute. */
    private StoreWriter writeHours(int hours) throws Exception {
        StoreWriter w = new StoreWriter(Store.open(dir), "w");
        for (int m = 0; m < hours * 60; m++) {
            // flushed at the end of its minute, by the writer's clock
            w.appendRecords(T0 + (m + 1) * MINUTE - 1, List.of(TestRecords.calls(T0 + m * MINUTE, "s", 1 + m % 7)), List.of());
        }
        return w;
    }

    private static long expected(int hours) {
        long sum = 0;
        for (int m = 0; m < hours * 60; m++) {
            sum += 1 + m % 7;
        }
        return sum;
    }

    private List<Path> summaries() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(HourSummary.SUFFIX)).sorted().toList();
        }
    }

    private static long fold(StoreReader r, long from, long to, Resolution coarsest) {
        return r.query(ix -> {
            long[] sum = {0};
            ix.series().forEach(s -> ix.fold(s, from, to, coarsest, b -> sum[0] += b.totalCalls()));
            return sum[0];
        });
    }

    /** Per minute, the calls of every series, from the minute buckets. */
    private static List<Long> perMinute(StoreReader r, long from, long to) {
        return r.query(ix -> {
            List<Long> out = new ArrayList<>();
            for (long m = from; m < to; m += MINUTE) {
                long sum = 0;
                for (StoreIndex.Series s : ix.series()) {
                    Bucket b = s.minutes(m, m + MINUTE).get(m);
                    sum += b == null ? 0 : b.totalCalls();
                }
                out.add(sum);
            }
            return out;
        });
    }

    @Test
    void closedHoursAreAnsweredFromTheirSummariesAndMinutesStillReadTheSame() throws Exception {
        writeHours(5);
        assertThat(summaries()).as("one summary per closed hour (the last one written at its 10-minute mark)").hasSize(5);
        StoreReader r = new StoreReader(Store.open(dir));
        r.refresh();
        assertThat((int) r.read(ix -> ix.unloadedHours().size())).as("no minute line read yet").isEqualTo(5);
        assertThat(fold(r, T0, T0 + 5 * HOUR, Resolution.DAY)).isEqualTo(expected(5));
        // an edge hour whose data lies partly outside the range needs its minutes: loaded on demand
        assertThat(fold(r, T0 + 30 * MINUTE, T0 + 5 * HOUR, Resolution.DAY))
                .isEqualTo(expected(5) - sumOfMinutes(0, 30));
        assertThat((long) r.read(ix -> ix.loadedFrom(T0))).as("only the minutes asked for are loaded").isEqualTo(T0 + 30 * MINUTE);
        assertThat(fold(r, T0 + 10 * MINUTE, T0 + 5 * HOUR, Resolution.DAY)).as("then the ones before them, once")
                .isEqualTo(expected(5) - sumOfMinutes(0, 10));
        assertThat((long) r.read(ix -> ix.loadedFrom(T0))).isEqualTo(T0 + 10 * MINUTE);
        assertThat(fold(r, T0 + 10 * MINUTE, T0 + 40 * MINUTE, Resolution.MINUTE)).isEqualTo(sumOfMinutes(10, 40));
        // a read that may keep something from a run it did not finish loads whole hours, as before
        assertThat((long) r.read(ix -> ix.series().iterator().next().minutes(T0 + 5 * MINUTE, T0 + 6 * MINUTE).size()))
                .isEqualTo(1);
        assertThat((boolean) r.read(ix -> ix.unloadedHours().contains(T0))).isFalse();

        for (Path p : summaries()) {
            Files.delete(p);
        }
        StoreReader plain = new StoreReader(Store.open(dir));
        plain.refresh();
        StoreReader withSummaries = r;
        assertThat(perMinute(withSummaries, T0, T0 + 5 * HOUR)).isEqualTo(perMinute(plain, T0, T0 + 5 * HOUR));
        assertThat(fold(withSummaries, T0, T0 + 5 * HOUR, Resolution.MINUTE)).isEqualTo(expected(5));
    }

    @Test
    void anHourInProgressIsReadThroughItsSummaryAndItsLastMinutesAreLoadedAlone() throws Exception {
        StoreWriter w = new StoreWriter(Store.open(dir), "w");
        for (int m = 0; m < 96; m++) { // hour 0, and hour 1 up to its minute 35, as the writer leaves it
            w.appendRecords(T0 + (m + 1) * MINUTE - 1, List.of(TestRecords.calls(T0 + m * MINUTE, "s", 1 + m % 7)), List.of());
        }
        StoreReader r = new StoreReader(Store.open(dir));
        r.refresh();
        long hour1 = T0 + HOUR;
        long summarisedTo = r.read(ix -> ix.loadedFrom(hour1));
        assertThat(summarisedTo).as("its summary of its 30-minute mark stands for its lines so far")
                .isBetween(hour1 + 25 * MINUTE, hour1 + 31 * MINUTE);
        assertThat(fold(r, T0, hour1 + 36 * MINUTE, Resolution.DAY)).as("a range ending now needs no minute line of it")
                .isEqualTo(sumOfMinutes(0, 96));
        assertThat((long) r.read(ix -> ix.loadedFrom(hour1))).isEqualTo(summarisedTo);

        Path copy = Files.createTempDirectory(dir.getParent(), "plain");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                Path to = copy.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!p.toString().endsWith(HourSummary.SUFFIX)) {
                    Files.copy(p, to);
                }
            }
        }
        StoreReader plain = new StoreReader(Store.open(copy));
        plain.refresh();
        // the dashboard's question: the last 15 minutes, minute by minute
        assertThat(perMinute(r, hour1 + 21 * MINUTE, hour1 + 36 * MINUTE)).isEqualTo(perMinute(plain, hour1 + 21 * MINUTE,
                hour1 + 36 * MINUTE));
        assertThat((long) r.read(ix -> ix.loadedFrom(hour1))).as("only those minutes were loaded").isEqualTo(hour1 + 21 * MINUTE);
        assertThat((boolean) r.read(ix -> ix.unloadedHours().contains(T0))).isTrue();
        // a flush after the open, into the hour in progress, counts once at every resolution
        w.appendRecords(hour1 + 37 * MINUTE - 1, List.of(TestRecords.calls(hour1 + 36 * MINUTE, "s", 500)), List.of());
        new StoreWriter(Store.open(copy), "w").appendAll(hour1 + 37 * MINUTE, new java.util.TreeMap<>(java.util.Map.of(hour1,
                List.of(LineCheck.seal(RecordCodec.encode(TestRecords.calls(hour1 + 36 * MINUTE, "s", 500)))))));
        r.refresh();
        plain.refresh();
        for (Resolution res : Resolution.values()) {
            assertThat(fold(r, T0 + 7 * MINUTE, hour1 + 37 * MINUTE, res)).as(res.toString())
                    .isEqualTo(fold(plain, T0 + 7 * MINUTE, hour1 + 37 * MINUTE, res)).isEqualTo(sumOfMinutes(7, 96) + 500);
        }
        assertThat(perMinute(r, T0, hour1 + 37 * MINUTE)).isEqualTo(perMinute(plain, T0, hour1 + 37 * MINUTE));
        assertThat((int) r.read(ix -> ix.unloadedHours().size())).isZero();
        assertThat(r.stats().lines()).as("every line read once").isEqualTo(plain.stats().lines());
    }

    private static long sumOfMinutes(int from, int to) {
        long sum = 0;
        for (int m = from; m < to; m++) {
            sum += 1 + m % 7;
        }
        return sum;
    }

    @Test
    void linesAppendedAfterTheSummaryAreCountedOnceOnTopOfIt() throws Exception {
        StoreWriter w = writeHours(3);
        long sizeBefore = Files.size(Store.open(dir).minuteFile(T0, "w"));
        // a flush into hour 0 within its append window, after its summary was written: it lands in the same
        // file, after the bytes the summary covers
        new StoreWriter(Store.open(dir), "w").appendAll(T0 + HOUR + 30_000, new java.util.TreeMap<>(java.util.Map.of(T0,
                List.of(LineCheck.seal(RecordCodec.encode(TestRecords.calls(T0 + 5 * MINUTE, "s", 1000)))))));
        assertThat(Files.size(Store.open(dir).minuteFile(T0, "w"))).isGreaterThan(sizeBefore);
        // and one long after the hour closed: a late file of its own, without a summary
        w.appendRecords(T0 + 5 * HOUR, List.of(TestRecords.calls(T0 + 7 * MINUTE, "s", 20_000)), List.of());
        StoreReader r = new StoreReader(Store.open(dir));
        r.refresh();
        assertThat((boolean) r.read(ix -> ix.unloadedHours().contains(T0))).as("hour 0 read through its summary").isTrue();
        assertThat(fold(r, T0, T0 + 3 * HOUR, Resolution.DAY)).isEqualTo(expected(3) + 21_000);
        assertThat(fold(r, T0, T0 + 3 * HOUR, Resolution.MINUTE)).isEqualTo(expected(3) + 21_000);
        assertThat(perMinute(r, T0 + 5 * MINUTE, T0 + 8 * MINUTE))
                .containsExactly(1000L + 1 + 5 % 7, 1L + 6 % 7, 20_000L + 1 + 7 % 7);
    }

    @Test
    void aDamagedOrStaleSummaryIsNotUsedAndTheMinuteFileAnswers() throws Exception {
        writeHours(3);
        List<Path> s = summaries();
        // damaged summary: a digit of a count changed
        String text = Files.readString(s.get(0));
        Files.writeString(s.get(0), text.replaceFirst("\"success\":(\\d)", "\"success\":9$1"));
        // stale summary: the minute file is shorter than what it covers
        Path minute2 = Path.of(s.get(2).toString().replace(HourSummary.SUFFIX, ""));
        byte[] m2 = Files.readAllBytes(minute2);
        String m2text = new String(m2, java.nio.charset.StandardCharsets.ISO_8859_1);
        int cut = m2text.indexOf('\n', m2.length / 2) + 1; // inside what the summary covers
        long cutCalls = 0;
        for (String line : m2text.substring(cut).split("\n")) {
            cutCalls += RecordCodec.decode(line).calls().totalCalls();
        }
        Files.write(minute2, java.util.Arrays.copyOf(m2, cut), StandardOpenOption.TRUNCATE_EXISTING);

        StoreReader r = new StoreReader(Store.open(dir));
        r.refresh();
        assertThat(r.<java.util.Set<Long>>read(ix -> java.util.Set.copyOf(ix.unloadedHours()))).as("only the valid summary is trusted").containsExactly(T0 + HOUR);
        long read = fold(r, T0, T0 + 3 * HOUR, Resolution.DAY);
        assertThat(read).as("the lines cut off are lost, nothing else").isEqualTo(expected(3) - cutCalls);
        assertThat(r.stats().malformedLines()).isZero();
    }

    @Test
    void aMinuteFileDamagedBeneathItsSummaryIsFoundWhenItsLinesAreReadAndThenAnswersAlone() throws Exception {
        writeHours(3);
        // one byte of a line of hour 1 changed: the summary still stands for what the writer acknowledged
        Path minute1 = Path.of(summaries().get(1).toString().replace(HourSummary.SUFFIX, ""));
        byte[] b = Files.readAllBytes(minute1);
        int at = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\"success\":") + 10;
        b[at] = (byte) (b[at] == '1' ? '2' : '1');
        Files.write(minute1, b);

        StoreReader r = new StoreReader(Store.open(dir));
        r.refresh();
        assertThat((int) r.read(ix -> ix.unloadedHours().size())).as("the covered bytes are not read at open").isEqualTo(3);
        assertThat(fold(r, T0, T0 + 3 * HOUR, Resolution.DAY)).as("answered from the summaries").isEqualTo(expected(3));
        assertThat(r.stats().malformedLines()).isZero();

        r.loadAllMinutes();
        assertThat((int) r.read(ix -> ix.unloadedHours().size())).isZero();
        assertThat(fold(r, T0, T0 + 3 * HOUR, Resolution.DAY)).as("from here on the minute file answers: the damaged line"
                + " (minute 60) is lost, nothing else").isEqualTo(expected(3) - (1 + 60 % 7));
        assertThat(fold(r, T0, T0 + 3 * HOUR, Resolution.MINUTE)).isEqualTo(expected(3) - (1 + 60 % 7));
        assertThat(r.stats().malformedLines()).as("the damaged minute line is reported").isEqualTo(1);
        assertThat(r.stats().problems()).anyMatch(p -> p.contains(minute1.toString())
                && p.contains("does not hold what its summary"));
        r.refresh();
        assertThat(fold(r, T0, T0 + 3 * HOUR, Resolution.DAY)).as("and stays so").isEqualTo(expected(3) - (1 + 60 % 7));
        assertThat(r.stats().malformedLines()).isEqualTo(1);
    }

    @Test
    void consolidationTakesTheSummaryWithItsFileAndTheWriterWritesNoneForAConsolidatedFile() throws Exception {
        Store store = Store.open(dir);
        StoreWriter w = new StoreWriter(store, "w");
        // hour 0 written to its 50th minute, so its last summary is still due when the compactor runs
        for (int m = 0; m < 50; m++) {
            w.appendRecords(T0 + (m + 1) * MINUTE - 1, List.of(TestRecords.calls(T0 + m * MINUTE, "s", 1 + m % 7)), List.of());
        }
        assertThat(summaries()).hasSize(1);
        assertThat(new Compactor(store, Retention.DEFAULT).compact(T0 + HOUR + 10 * MINUTE, false).ran()).isTrue();
        assertThat(summaries()).as("deleted with the plain file it covered").isEmpty();
        // the writer goes on in hour 1; past hour 0's grace it would give hour 0's file its last summary
        for (int m = 60; m < 75; m++) {
            w.appendRecords(T0 + (m + 1) * MINUTE - 1, List.of(TestRecords.calls(T0 + m * MINUTE, "s", 1 + m % 7)), List.of());
        }
        assertThat(summaries()).as("hour 1's own, none for the consolidated hour 0")
                .containsExactly(HourSummary.fileOf(store.minuteFile(T0 + HOUR, "w")));
        StoreReader r = new StoreReader(store);
        r.refresh();
        long expected = sumOfMinutes(0, 50) + sumOfMinutes(60, 75);
        assertThat(fold(r, T0, T0 + 2 * HOUR, Resolution.DAY)).isEqualTo(expected);
        assertThat(fold(r, T0, T0 + 2 * HOUR, Resolution.MINUTE)).isEqualTo(expected);
    }

    @Test
    void aBatchCutBackAfterAFailedWriteLeavesNoSummaryOfItsBytesAndItsRetryIsCountedOnce() throws Exception {
        Store store = Store.open(dir);
        StoreWriter w = new StoreWriter(store, "w");
        for (int m = 0; m < 59; m++) {
            w.appendRecords(T0 + (m + 1) * MINUTE - 1, List.of(TestRecords.calls(T0 + m * MINUTE, "s", 1 + m % 7)), List.of());
        }
        // the next flush carries minute 59 of hour 0 and minute 0 of hour 1, whose file cannot be created:
        // the whole batch fails and hour 0's file is cut back
        Path blocked = store.minuteFile(T0 + HOUR, "w");
        Files.createDirectories(blocked);
        long now = T0 + HOUR + 3 * MINUTE; // past hour 0's grace: its last summary would be due
        List<CallRecord> batch = List.of(TestRecords.calls(T0 + 59 * MINUTE, "s", 500), TestRecords.calls(T0 + HOUR, "s", 700));
        Path hour0 = store.minuteFile(T0, "w");
        long sizeBefore = Files.size(hour0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.appendRecords(now, batch, List.of()))
                .isInstanceOf(java.io.IOException.class);
        assertThat(Files.size(hour0)).isEqualTo(sizeBefore);
        String before = Files.readString(HourSummary.fileOf(hour0));
        assertThat(HourSummary.read(hour0, sizeBefore, p -> { }).header().bytes()).isLessThanOrEqualTo(sizeBefore);

        Files.delete(blocked);
        w.appendRecords(now + 1, batch, List.of());
        assertThat(Files.readString(HourSummary.fileOf(hour0))).as("rewritten with the retried batch").isNotEqualTo(before);
        assertThat(HourSummary.read(hour0, Files.size(hour0), p -> { }).header().bytes()).isEqualTo(Files.size(hour0));
        StoreReader r = new StoreReader(store);
        r.refresh();
        assertThat((boolean) r.read(ix -> ix.unloadedHours().contains(T0))).isTrue();
        long expected = sumOfMinutes(0, 59) + 500 + 700;
        assertThat(fold(r, T0, T0 + 2 * HOUR, Resolution.DAY)).isEqualTo(expected);
        assertThat(fold(r, T0, T0 + 2 * HOUR, Resolution.MINUTE)).isEqualTo(expected);
    }

    @Test
    void theStoreSinkKeepsSummariesAndAFileWithBytesItDidNotWriteGetsNone() throws Exception {
        Store store = Store.open(dir);
        RecordSink sink = RecordSink.toStore(new StoreWriter(store, "w"));
        for (int m = 0; m < 71; m++) { // hour 1 summarised once, at its 10-minute mark
            sink.write(T0 + (m + 1) * MINUTE - 1, List.of(TestRecords.calls(T0 + m * MINUTE, "s", 1)), List.of());
        }
        assertThat(summaries()).contains(HourSummary.fileOf(store.minuteFile(T0, "w")));
        // a second writer of the same id (a restarted process) appends to hour 1's file, which already has bytes
        RecordSink again = RecordSink.toStore(new StoreWriter(store, "w"));
        for (int m = 71; m < 120; m++) {
            again.write(T0 + (m + 1) * MINUTE - 1, List.of(TestRecords.calls(T0 + m * MINUTE, "s", 1)), List.of());
        }
        again.write(T0 + 2 * HOUR + 5 * MINUTE, List.of(TestRecords.calls(T0 + 2 * HOUR, "s", 1)), List.of());
        Path hour1 = store.minuteFile(T0 + HOUR, "w");
        HourSummary.Read s1 = HourSummary.read(hour1, Files.size(hour1), p -> { });
        assertThat(s1.header().bytes()).as("only the first writer's part is summarised").isLessThan(Files.size(hour1));
        StoreReader r = new StoreReader(store);
        r.refresh();
        assertThat(fold(r, T0, T0 + 3 * HOUR, Resolution.DAY)).isEqualTo(121);
        assertThat(perMinute(r, T0, T0 + 2 * HOUR)).containsOnly(1L);
    }
}
