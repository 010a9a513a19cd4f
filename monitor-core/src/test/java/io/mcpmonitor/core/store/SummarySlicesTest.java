package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beside each hour summary a writer keeps its series per 10-minute slice ({@code .slices}), so the edge hour of a
 * range is answered from its slices and the few minutes before the first of them: every range, at every resolution,
 * answers exactly as the same store without summaries and with summaries of an earlier build (no slices), whatever
 * was loaded before; slices that are not of their summary, or do not add up, are not used.
 */
class SummarySlicesTest {

    static final long T0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final String[] SERIES = {"alpha/search", "alpha/fetch", "beta/search"};

    // written once for the class (a writer's flushes are forced, so this takes seconds); tests that change it copy it
    @TempDir
    static Path shared;
    static Path written;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeOnce() throws Exception {
        written = shared.resolve("store");
        write(written);
    }

    /** Two writers over three hours and a half: one flushing every 10 s, one every minute, with errors and clients. */
    private static void write(Path store) throws Exception {
        Random rnd = new Random(42);
        StoreWriter a = new StoreWriter(Store.open(store), "a");
        StoreWriter b = new StoreWriter(Store.open(store), "b");
        for (long t = T0; t < T0 + 3 * HOUR + 25 * MINUTE; t += 10_000) {
            List<CallRecord> batch = new ArrayList<>();
            for (String series : SERIES) {
                if (rnd.nextInt(5) > 0) {
                    batch.add(record(rnd, Resolution.MINUTE.floor(t), series));
                }
            }
            a.appendRecords(t + 9_999, batch, List.of());
            if (t % MINUTE == 50_000) {
                b.appendRecords(t + 9_999, List.of(record(rnd, Resolution.MINUTE.floor(t), "beta/search"),
                        record(rnd, Resolution.MINUTE.floor(t), "gamma/slow")), List.of());
            }
        }
    }

    private static CallRecord record(Random rnd, long minute, String series) {
        String[] st = series.split("/");
        org.HdrHistogram.Histogram h = HistogramFormat.newHistogram();
        long[] counts = new long[Outcome.values().length];
        long sum = 0;
        int n = 1 + rnd.nextInt(20);
        for (int i = 0; i < n; i++) {
            long nanos = 100_000L + (long) (rnd.nextDouble() * rnd.nextDouble() * 900_000_000L);
            h.recordValue(nanos);
            sum += nanos;
        }
        int failed = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(n) : 0;
        counts[Outcome.SUCCESS.ordinal()] = n - failed;
        counts[Outcome.TOOL_ERROR.ordinal()] = failed;
        List<ErrorCount> errors = failed == 0 ? List.of()
                : List.of(new ErrorCount(Outcome.TOOL_ERROR, "tool_error", "backend " + rnd.nextInt(12) + " refused", failed));
        Map<String, Long> clients = new TreeMap<>(Map.of("client-" + rnd.nextInt(3) + "/1.0", (long) n));
        return new CallRecord(Resolution.MINUTE, minute, st[0], st[1], counts, SparseHistogram.of(h), errors, sum, clients,
                ResultSizes.EMPTY);
    }

    /** Per series with calls in {@code [from, to)}: everything the fold gives, merged (every error group kept). */
    private static Map<SeriesKey, String> answer(StoreReader r, long from, long to, Resolution coarsest) {
        return r.query(ix -> {
            Map<SeriesKey, String> out = new TreeMap<>();
            for (StoreIndex.Series s : ix.series()) {
                Bucket merged = new Bucket(0);
                ix.fold(s, from, to, coarsest, b -> merged.add(b.toUncappedRecord(Resolution.MINUTE, s.key())));
                if (merged.totalCalls() > 0) {
                    out.put(s.key(), RecordCodec.encode(merged.toUncappedRecord(Resolution.MINUTE, s.key())));
                }
            }
            return out;
        });
    }

    private static List<Path> summaries(Path store) throws Exception {
        return files(store, HourSummary.SUFFIX);
    }

    private static List<Path> files(Path store, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(store)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** A copy of the store, with or without its summaries, and with or without their slices (as an earlier build). */
    private Path copy(String name, boolean withSummaries, boolean withSlices) throws Exception {
        Path to = Files.createDirectory(dir.resolve(name));
        try (Stream<Path> files = Files.walk(written)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(written.relativize(p).toString());
                String n = p.getFileName().toString();
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if ((withSummaries || !n.endsWith(HourSummary.SUFFIX)) && (withSlices || !n.endsWith(HourSummary.SLICES_SUFFIX))) {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    private Path plain() throws Exception {
        return copy("plain", false, false);
    }

    @Test
    void everyRangeAnswersAsWithoutSummariesAndAsWithSummariesWithoutSlices() throws Exception {
        Path store = written;
        assertThat(summaries(store)).hasSize(8);
        assertThat(files(store, HourSummary.SLICES_SUFFIX)).hasSize(8);
        Path plain = plain();
        Path old = copy("old", true, false);

        StoreReader sliced = new StoreReader(Store.open(store));
        sliced.refresh();
        StoreReader none = new StoreReader(Store.open(plain));
        none.refresh();
        StoreReader earlier = new StoreReader(Store.open(old));
        earlier.refresh();
        assertThat((int) earlier.read(ix -> ix.unloadedHours().size())).as("summaries of an earlier build are used").isEqualTo(4);

        Random rnd = new Random(7);
        long end = T0 + 3 * HOUR + 25 * MINUTE;
        for (int i = 0; i < 60; i++) {
            long from = T0 + rnd.nextInt(4 * 60) * MINUTE + (rnd.nextBoolean() ? 0 : rnd.nextInt(60_000));
            long to = Math.min(end + MINUTE, from + (1 + rnd.nextInt(4 * 60)) * MINUTE);
            for (Resolution res : new Resolution[] {Resolution.DAY, Resolution.HOUR, Resolution.MINUTE}) {
                String what = Instant.ofEpochMilli(from) + " to " + Instant.ofEpochMilli(to) + " at " + res;
                Map<SeriesKey, String> expected = answer(none, from, to, res);
                assertThat(answer(sliced, from, to, res)).as(what).isEqualTo(expected);
                assertThat(answer(earlier, from, to, res)).as(what).isEqualTo(expected);
            }
            if (i % 20 == 0) { // and a fresh reader, which has loaded nothing yet
                StoreReader fresh = new StoreReader(Store.open(store));
                fresh.refresh();
                assertThat(answer(fresh, from, to, Resolution.DAY)).isEqualTo(answer(none, from, to, Resolution.DAY));
            }
        }
        assertThat(sliced.stats().lines()).as("lines read").isLessThanOrEqualTo(none.stats().lines());
        sliced.loadAllMinutes();
        assertThat(sliced.stats().lines()).as("every line read once").isEqualTo(none.stats().lines());
    }

    @Test
    void theEdgeOfADayLongRangeLoadsOnlyTheMinutesBeforeItsFirstSlice() throws Exception {
        Path store = written;
        StoreReader r = new StoreReader(Store.open(store));
        r.refresh();
        long from = T0 + 23 * MINUTE + 17_000;
        long to = T0 + 3 * HOUR + 25 * MINUTE;
        List<Long> atOpen = loaded(r);
        StoreReader plain = new StoreReader(Store.open(plain()));
        plain.refresh();
        assertThat(answer(r, from, to, Resolution.DAY)).isEqualTo(answer(plain, from, to, Resolution.DAY));
        assertThat(atOpen.get(0)).isZero();
        // the edge hour: minutes 23 to 29 (the minute the range starts in, and those before the next slice); the
        // hours inside: nothing; the hour in progress had the minutes after its summary from the open, and its part
        // after the last slice boundary of the range (minutes 20 to 24) is read from its minutes
        assertThat(loaded(r)).isEqualTo(List.of(StoreIndex.minuteMask(T0, T0 + 23 * MINUTE, T0 + 30 * MINUTE),
                atOpen.get(1), atOpen.get(2), atOpen.get(3) | StoreIndex.minuteMask(T0 + 3 * HOUR, T0 + 3 * HOUR + 20 * MINUTE, to)));
    }

    /** The loaded minutes of each hour. */
    private static List<Long> loaded(StoreReader r) {
        return r.read(ix -> List.of(ix.loadedMinutes(T0), ix.loadedMinutes(T0 + HOUR), ix.loadedMinutes(T0 + 2 * HOUR),
                ix.loadedMinutes(T0 + 3 * HOUR)));
    }

    @Test
    void slicesOfASummaryWrittenSinceTheOneReadAreNotUsedAndTheMinutesAnswer() throws Exception {
        Path store = copy("store", true, true);
        StoreReader r = new StoreReader(Store.open(store));
        r.refresh();
        // the slices of hour 0 of writer a, replaced by those of a later summary (as the hour in progress's are)
        Path summary = files(store, HourSummary.SLICES_SUFFIX).get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(summary));
        lines.set(0, LineCheck.seal(LineCheck.verified(lines.get(0)).replaceFirst("\"written\":\"[^\"]*\"",
                "\"written\":\"2026-11-20T01:09:00Z\"")));
        Files.write(summary, lines);
        long from = T0 + 23 * MINUTE;
        long to = T0 + 2 * HOUR;
        StoreReader plain = new StoreReader(Store.open(plain()));
        plain.refresh();
        assertThat(answer(r, from, to, Resolution.DAY)).isEqualTo(answer(plain, from, to, Resolution.DAY));
        assertThat((long) r.read(ix -> ix.loadedMinutes(T0))).as("the part of the edge hour is read from its minutes")
                .isEqualTo(StoreIndex.minuteMask(T0, from, T0 + HOUR));
    }

    @Test
    void slicesThatDoNotAddUpOrAreNotOfTheirHourOrSummaryAreRefused() throws Exception {
        Path minuteFile = Path.of(summaries(written).get(0).toString().replace(HourSummary.SUFFIX, ""));
        HourSummary.Read summary = HourSummary.read(minuteFile, Files.size(minuteFile), p -> { });
        Map<SeriesKey, HourSummary.SeriesSpan> series = new TreeMap<>();
        summary.series().forEach(l -> series.put(l.hour().key(),
                new HourSummary.SeriesSpan(l.hour().totalCalls(), l.firstMinuteMillis(), l.lastMinuteMillis())));
        Path slices = HourSummary.slicesFileOf(minuteFile);
        List<String> lines = Files.readAllLines(slices);
        assertThat(HourSummary.readSlices(minuteFile, summary.header(), T0, series)).hasSize(lines.size() - 1);
        assertThat(HourSummary.readSlices(minuteFile, summary.header(), T0 + HOUR, series)).as("of another hour").isNull();

        Path copy = copy("damaged", true, true);
        Path file = copy.resolve(written.relativize(minuteFile).toString());
        Path target = HourSummary.slicesFileOf(file);
        // one slice left out, the header's count made to agree: the calls no longer add up
        List<String> fewer = new ArrayList<>(lines);
        fewer.remove(5);
        fewer.set(0, LineCheck.seal(LineCheck.verified(fewer.get(0)).replaceFirst("\"lines\":\\d+",
                "\"lines\":" + (fewer.size() - 1))));
        Files.write(target, fewer);
        assertThat(HourSummary.readSlices(file, summary.header(), T0, series)).isNull();
        // a slice moved off its 10-minute mark
        List<String> moved = new ArrayList<>(lines);
        moved.set(3, LineCheck.seal(LineCheck.verified(moved.get(3)).replaceFirst(":\\d0:00Z\"", ":05:00Z\"")));
        Files.write(target, moved);
        assertThat(HourSummary.readSlices(file, summary.header(), T0, series)).isNull();
        // a line damaged on disk
        List<String> damaged = new ArrayList<>(lines);
        damaged.set(2, damaged.get(2).replaceFirst("\"success\":(\\d)", "\"success\":9$1"));
        Files.write(target, damaged);
        assertThat(HourSummary.readSlices(file, summary.header(), T0, series)).isNull();
        // and with these slices the reader answers from the minutes, exactly
        StoreReader r = new StoreReader(Store.open(copy));
        r.refresh();
        StoreReader plain = new StoreReader(Store.open(plain()));
        plain.refresh();
        long from = T0 + 23 * MINUTE;
        assertThat(answer(r, from, T0 + 2 * HOUR, Resolution.DAY)).isEqualTo(answer(plain, from, T0 + 2 * HOUR, Resolution.DAY));
    }
}
