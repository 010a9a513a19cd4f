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
            w.appendRecords(List.of(TestRecords.calls(T0 + m * MINUTE, "s", 1 + m % 7)), List.of());
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
        return r.read(ix -> {
            long[] sum = {0};
            ix.series().forEach(s -> ix.fold(s, from, to, coarsest, b -> sum[0] += b.totalCalls()));
            return sum[0];
        });
    }

    /** Per minute, the calls of every series, from the minute buckets. */
    private static List<Long> perMinute(StoreReader r, long from, long to) {
        return r.read(ix -> {
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
        // a late flush into hour 0, after its summary was written: only the minute file has it
        new StoreWriter(Store.open(dir), "w").appendAll(new java.util.TreeMap<>(java.util.Map.of(T0,
                List.of(LineCheck.seal(RecordCodec.encode(TestRecords.calls(T0 + 5 * MINUTE, "s", 1000)))))));
        StoreReader r = new StoreReader(Store.open(dir));
        r.refresh();
        assertThat(fold(r, T0, T0 + 3 * HOUR, Resolution.DAY)).isEqualTo(expected(3) + 1000);
        assertThat(fold(r, T0, T0 + 3 * HOUR, Resolution.MINUTE)).isEqualTo(expected(3) + 1000);
        assertThat(w.writerId()).isEqualTo("w");
    }

    @Test
    void aDamagedOrStaleSummaryIsNotUsedAndTheMinuteFileAnswers() throws Exception {
        writeHours(3);
        List<Path> s = summaries();
        // damaged summary: a digit of a count changed
        String text = Files.readString(s.get(0));
        Files.writeString(s.get(0), text.replaceFirst("\"success\":(\\d)", "\"success\":9$1"));
        // damaged minute file beneath a valid summary: one byte of a line changed
        Path minute1 = Path.of(s.get(1).toString().replace(HourSummary.SUFFIX, ""));
        byte[] b = Files.readAllBytes(minute1);
        int at = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\"success\":") + 10;
        b[at] = (byte) (b[at] == '1' ? '2' : '1');
        Files.write(minute1, b);
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
        assertThat((int) r.read(ix -> ix.unloadedHours().size())).as("no summary trusted").isZero();
        long read = fold(r, T0, T0 + 3 * HOUR, Resolution.DAY);
        assertThat(read).as("the damaged line (minute 60) and the lines cut off are lost, nothing else")
                .isEqualTo(expected(3) - (1 + 60 % 7) - cutCalls);
        assertThat(r.stats().malformedLines()).as("the damaged minute line is reported").isPositive();
    }
}
