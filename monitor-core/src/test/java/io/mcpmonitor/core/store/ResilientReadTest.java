package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torn last lines and garbage files are skipped and reported, never fatal. */
class ResilientReadTest {

    static final long T = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    static CallRecord record(String tool, long calls) {
        org.HdrHistogram.Histogram h = HistogramFormat.newHistogram();
        h.recordValueWithCount(5_000_000, calls);
        long[] counts = new long[Outcome.values().length];
        counts[Outcome.SUCCESS.ordinal()] = calls;
        return new CallRecord(Resolution.MINUTE, T, "srv", tool, counts, SparseHistogram.of(h), List.of());
    }

    @Test
    void skipsATornLastLineAndAGarbageFileAndCountsThem() throws Exception {
        Store store = Store.open(dir);
        StoreWriter w = new StoreWriter(store, "good-writer");
        w.append(T, List.of(RecordCodec.encode(record("a", 3)), RecordCodec.encode(record("b", 4))));
        Path file = store.minuteFile(T, "good-writer");
        String torn = RecordCodec.encode(record("a", 100));
        Files.writeString(file, torn.substring(0, torn.length() / 2), StandardOpenOption.APPEND);

        Path garbage = store.minuteFile(T, "garbage-writer");
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Files.write(garbage, noise);
        Files.writeString(garbage, "\n{\"v\":1,\"type\":\"calls\"}\nnot json at all\n{\"v\":99,\"type\":\"calls\"}\n",
                StandardOpenOption.APPEND);

        StoreReader reader = new StoreReader(store);
        reader.refresh();
        long total = reader.read(ix -> ix.series().stream().mapToLong(s -> s.buckets(Resolution.MINUTE).values()
                .stream().mapToLong(Bucket::totalCalls).sum()).sum());
        assertThat(total).isEqualTo(7);
        ReadStats stats = reader.stats();
        assertThat(stats.tornLines()).isEqualTo(1);
        assertThat(stats.malformedLines()).isGreaterThanOrEqualTo(4);
        assertThat(stats.problems()).anyMatch(p -> p.contains("torn last line"))
                .anyMatch(p -> p.contains("garbage-writer.jsonl"));
    }

    @Test
    void aWriterThatFailedMidLineStartsItsNextBatchOnAFreshLine() throws Exception {
        Store store = Store.open(dir);
        Path file = store.minuteFile(T, "w");
        Files.createDirectories(file.getParent());
        String half = RecordCodec.encode(record("x", 1));
        Files.writeString(file, half.substring(0, 20), StandardCharsets.UTF_8);
        new StoreWriter(store, "w").append(T, List.of(RecordCodec.encode(record("y", 2))));

        StoreReader reader = new StoreReader(store);
        reader.refresh();
        StoreIndex.Series y = reader.read(ix -> ix.series(new SeriesKey("srv", "y")));
        assertThat(y).isNotNull();
        assertThat(reader.stats().malformedLines()).isEqualTo(1);
    }

    @Test
    void readsOnlyWhatWasAppendedSinceTheLastRefresh() throws Exception {
        Store store = Store.open(dir);
        StoreWriter w = new StoreWriter(store, "w");
        StoreReader reader = new StoreReader(store);
        w.append(T, List.of(RecordCodec.encode(record("a", 1))));
        reader.refresh();
        w.append(T, List.of(RecordCodec.encode(record("a", 2))));
        reader.refresh();
        assertThat(reader.stats().lines()).isEqualTo(2);
        long calls = reader.read(ix -> ix.series(new SeriesKey("srv", "a")).buckets(Resolution.MINUTE).get(T).totalCalls());
        assertThat(calls).isEqualTo(3);
    }
}
