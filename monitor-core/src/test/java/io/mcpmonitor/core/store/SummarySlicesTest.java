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
 * A writer's hour summary holds each series per 10-minute slice too, so the edge hour of a range is answered
 * from its slices and the few minutes before the first of them: every range, at every resolution, answers exactly
 * as the same store without summaries and with summaries of an earlier build (no slices), whatever was loaded
 * before; a summary whose slices are not of it is not used for slices.
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
        try (Stream<Path> s = Files.walk(store)) {
            return s.filter(p -> p.toString().endsWith(HourSummary.SUFFIX)).sorted().toList();
        }
    }

    /** A copy of the store; its summaries left out, or rewritten as an earlier build wrote them (no slices). */
    private Path copy(String name, boolean withSummaries) throws Exception {
        return copy(name, withSummaries, false);
    }

    private Path copy(String name, boolean withSummaries, boolean asWritten) throws Exception {
        Path to = Files.createDirectory(dir.resolve(name));
        Path from = written;
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.toString().endsWith(HourSummary.SUFFIX)) {
                    Files.copy(p, target);
                } else if (asWritten) {
                    Files.copy(p, target);
                } else if (withSummaries) {
                    StringBuilder old = new StringBuilder();
                    for (String line : Files.readAllLines(p)) {
                        int slices = line.indexOf(",\"slices\":[");
                        old.append(slices < 0 ? line
                                : LineCheck.seal(LineCheck.verified(line).substring(0, slices) + "}")).append('\n');
                    }
                    Files.writeString(target, old);
                }
            }
        }
        return to;
    }

    @Test
    void everyRangeAnswersAsWithoutSummariesAndAsWithSummariesWithoutSlices() throws Exception {
        Path store = written;
        assertThat(summaries(store)).hasSize(8);
        assertThat(Files.readString(summaries(store).get(0))).contains(",\"slices\":[");
        Path plain = copy("plain", false);
        Path old = copy("old", true);
        assertThat(Files.readString(summaries(old).get(0))).doesNotContain("slices");

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
        StoreReader plain = new StoreReader(Store.open(copy("plain", false)));
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
    void aSummaryRewrittenSinceItWasReadIsNotUsedForSlicesAndItsMinutesAnswer() throws Exception {
        Path store = copy("store", true, true);
        StoreReader r = new StoreReader(Store.open(store));
        r.refresh();
        // the summary of hour 0 of writer a, replaced by one of another moment (as the hour in progress's is)
        Path summary = summaries(store).get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(summary));
        lines.set(0, LineCheck.seal(LineCheck.verified(lines.get(0)).replaceFirst("\"written\":\"[^\"]*\"",
                "\"written\":\"2026-11-20T01:09:00Z\"")));
        Files.write(summary, lines);
        long from = T0 + 23 * MINUTE;
        long to = T0 + 2 * HOUR;
        StoreReader plain = new StoreReader(Store.open(copy("plain", false)));
        plain.refresh();
        assertThat(answer(r, from, to, Resolution.DAY)).isEqualTo(answer(plain, from, to, Resolution.DAY));
        assertThat((long) r.read(ix -> ix.loadedMinutes(T0))).as("the part of the edge hour is read from its minutes")
                .isEqualTo(StoreIndex.minuteMask(T0, from, T0 + HOUR));
    }

    @Test
    void slicesOfALineThatDoNotAddUpOrAreNotOfItsHourAreRefused() throws Exception {
        Path store = written;
        String line = Files.readAllLines(summaries(store).get(0)).get(1);
        assertThat(RecordCodec.decodeSlices(line).slices()).isNotEmpty();
        String body = LineCheck.verified(line);
        String fewer = body.replaceFirst(",\\{\"v\":1,\"type\":\"calls\",\"res\":\"minute\"[^\\]]*?\"start\":\"2026-11-20T00:10:00Z\"",
                ",{\"v\":1,\"type\":\"calls\",\"res\":\"minute\",\"start\":\"2026-11-20T01:10:00Z\"");
        assertThat(fewer).isNotEqualTo(body);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordCodec.decodeSlices(LineCheck.seal(fewer)))
                .isInstanceOf(RecordCodec.MalformedRecordException.class);
        String noSlices = body.substring(0, body.indexOf(",\"slices\":[")) + "}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordCodec.decodeSlices(LineCheck.seal(noSlices)))
                .isInstanceOf(RecordCodec.MalformedRecordException.class);
        // the series line itself reads the same with and without its slices, through either decoder
        RecordCodec.SummaryLine with = RecordCodec.decodeSummaryLine(line);
        RecordCodec.SummaryLine without = RecordCodec.decodeSummaryLine(LineCheck.seal(noSlices));
        assertThat(with.hasSlices()).isTrue();
        assertThat(without.hasSlices()).isFalse();
        assertThat(RecordCodec.encode(with.hour())).isEqualTo(RecordCodec.encode(without.hour()));
    }
}
