package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads verify what they read and say what they skipped; store.json survives its own damage.
 */
class StoreHealthTest {

    static final long T0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    static final long HOUR = Duration.ofHours(1).toMillis();

    @TempDir
    Path dir;

    @Test
    void aLineDamagedIntoOtherValidJsonIsCaughtByItsChecksumAndSkipped() throws Exception {
        Store store = Store.open(dir);
        write(store, 10, 7);  // 10 minutes of 7 calls each
        Path f = store.minuteFile(T0, "w");
        String text = Files.readString(f);
        // One digit changed: still JSON, still a record, but not what was written.
        int at = text.indexOf("\"success\":7");
        assertThat(at).isPositive();
        Files.writeString(f, text.substring(0, at) + "\"success\":9" + text.substring(at + "\"success\":7".length()));

        StoreReader reader = new StoreReader(store);
        assertThat(StoreDamageTest.calls(reader)).as("the damaged line is out, nothing misread").isEqualTo(9 * 7);
        ReadStats st = reader.stats();
        assertThat(st.malformedLines()).isEqualTo(1);
        assertThat(st.damagedFiles()).isEqualTo(1);
        assertThat(st.problems()).anySatisfy(p -> assertThat(p).contains(f.toString()).contains("checksum mismatch"));
        assertThat(st.healthNote()).startsWith("store health: 1 damaged line(s)").contains("1 of 1 files");
    }

    @Test
    void linesWithoutAChecksumAsEarlierBuildsWroteThemStillRead() {
        String sealed = LineCheck.seal("{\"v\":1,\"type\":\"x\"}");
        assertThat(sealed).matches("\\{\"v\":1,\"type\":\"x\",\"crc\":\"[0-9a-f]{8}\"}");
        assertThat(LineCheckAccess.verified(sealed)).isEqualTo("{\"v\":1,\"type\":\"x\"}");
        assertThat(LineCheckAccess.verified("{\"v\":1,\"type\":\"x\"}")).isEqualTo("{\"v\":1,\"type\":\"x\"}");
    }

    @Test
    void aDamagedRollupStaysReportedAtEveryRefreshWhileItIsThere() throws Exception {
        Store store = Store.open(dir);
        write(store, 120, 3);
        new Compactor(store, Retention.DEFAULT).compact(T0 + 3 * HOUR, false);
        Path rollup = store.rollupFile(Resolution.HOUR, T0);
        byte[] b = Files.readAllBytes(rollup);
        java.util.Arrays.fill(b, b.length / 2, b.length / 2 + 16, (byte) 0);
        Files.write(rollup, b);

        StoreReader reader = new StoreReader(store);
        assertThat(StoreDamageTest.calls(reader)).as("the minute data beneath answers").isEqualTo(360);
        assertThat(reader.stats().healthy()).isFalse();
        reader.refresh();
        reader.refresh();
        assertThat(reader.stats().skippedLines()).as("still reported after later refreshes").isEqualTo(1);

        Compactor.Result r = new Compactor(store, Retention.DEFAULT).compact(T0 + 3 * HOUR, false);
        assertThat(r.health().problems()).as("compaction says what it met")
                .anySatisfy(p -> assertThat(p).contains(rollup.toString()).contains("damaged rollup"));
        assertThat(r.hourRollups()).as("and rebuilds the damaged rollup").isEqualTo(1);
        StoreReader after = new StoreReader(store);
        assertThat(StoreDamageTest.calls(after)).isEqualTo(360);
        assertThat(after.stats().healthy()).isTrue();
    }

    @Test
    void consolidationCountsTheUnreadableLinesItLeavesOut() throws Exception {
        Store store = Store.open(dir);
        write(store, 10, 2);
        Path f = store.minuteFile(T0, "w");
        Files.write(f, "{\"v\":1,\"type\":\"calls\",\u00ff broken\n".getBytes(StandardCharsets.ISO_8859_1),
                java.nio.file.StandardOpenOption.APPEND);
        Compactor.Result r = new Compactor(store, Retention.DEFAULT).compact(T0 + 3 * HOUR, false);
        assertThat(r.unreadableLinesDropped()).isEqualTo(1);
        assertThat(StoreDamageTest.calls(new StoreReader(store))).isEqualTo(20);
    }

    @Test
    void aDamagedStoreJsonIsRestoredFromItsLastGoodCopyAndSaysSo() throws Exception {
        Store.open(dir);
        Path meta = dir.resolve("store.json");
        byte[] good = Files.readAllBytes(meta);
        assertThat(LastGoodFile.copyOf(meta)).hasBinaryContent(good);
        for (byte[] damaged : List.of(new byte[0], "{\"formatVer".getBytes(StandardCharsets.UTF_8),
                new byte[] {0, 0, 0, 0}, "{\"formatVersion\": \"one\"}".getBytes(StandardCharsets.UTF_8))) {
            Files.write(meta, damaged);
            Store s = Store.open(dir);
            assertThat(s.notes()).singleElement().asString().contains(meta.toString()).contains("was damaged")
                    .contains("restored from its last-good copy");
            assertThat(meta).hasBinaryContent(good);
            assertThat(Store.open(dir).notes()).as("once restored, nothing more to say").isEmpty();
        }
    }

    @Test
    void aDamagedStoreJsonWithoutACopyIsMovedAsideAndWrittenAnew() throws Exception {
        Store.open(dir);
        Path meta = dir.resolve("store.json");
        Files.delete(LastGoodFile.copyOf(meta));
        Files.writeString(meta, "garbage");
        Store s = Store.open(dir);
        assertThat(s.notes()).singleElement().asString().contains("moved aside");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anySatisfy(n -> assertThat(n).startsWith("store.json.damaged-"));
        }
        assertThat(Files.readString(meta)).contains("\"formatVersion\" : 1");
    }

    @Test
    void aStoreOfANewerFormatIsStillRefusedNotTakenForDamage() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("store.json"), "{\"formatVersion\": 99}");
        assertThatThrownBy(() -> Store.open(dir)).hasMessageContaining("formatVersion 99");
    }

    @Test
    void orphanTemporaryFilesOfAKilledWriterAreSwept() throws Exception {
        Store.open(dir);
        Path orphan = dir.resolve(".store.json123.tmp");
        Files.writeString(orphan, "{");
        Files.setLastModifiedTime(orphan, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path fresh = dir.resolve(".store.json456.tmp");
        Files.writeString(fresh, "{");
        Store.open(dir);
        assertThat(orphan).doesNotExist();
        assertThat(fresh).as("possibly being written right now").exists();
    }

    static void write(Store store, int minutes, int perMinute) throws IOException {
        List<CallRecord> all = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            all.add(CompactorTest.record(T0 + m * 60_000L, perMinute));
        }
        RecordSink.toStore(new StoreWriter(store, "w")).write(T0, all, List.of());
    }

    /** {@link LineCheck#verified} with its exception turned unchecked, for assertions. */
    static final class LineCheckAccess {
        static String verified(String line) {
            try {
                return LineCheck.verified(line);
            } catch (RecordCodec.MalformedRecordException e) {
                throw new AssertionError(e);
            }
        }
    }
}
