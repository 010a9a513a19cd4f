package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.mcpmonitor.core.call.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of store file, damaged each way a disk or a person damages files: the reader and the
 * compactor never fail, never count a call twice or invent one, lose at most the calls of the damaged
 * part (none where a rollup or the minute data beneath it still holds them), and say what they met.
 */
class StoreDamageTest {

    static final long T0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final int HOURS = 26;        // a closed day (rolled up) and two hours of the next
    static final int PER_MINUTE = 5;
    static final long TOTAL = (long) (HOURS * 60 + 30) * PER_MINUTE;  // plus 30 minutes of the open hour

    @TempDir
    Path dir;

    enum FileKind { OPEN_MINUTE_FILE, CONSOLIDATED_MINUTE_FILE, HOUR_ROLLUP, DAY_ROLLUP }

    enum Damage { TRUNCATED, ZEROED, RANDOM_BYTES, BIT_FLIPS, APPENDED_GARBAGE }

    static Stream<Arguments> cases() {
        return Stream.of(FileKind.values()).flatMap(k -> Stream.of(Damage.values()).map(d -> Arguments.of(k, d)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aDamagedFileCostsAtMostWhatItAloneHeldAndIsReported(FileKind kind, Damage damage) throws Exception {
        Store store = Store.open(dir);
        RecordSink sink = RecordSink.toStore(new StoreWriter(store, "w"));
        java.util.List<CallRecord> all = new java.util.ArrayList<>();
        for (int m = 0; m < HOURS * 60 + 30; m++) {
            all.add(CompactorTest.record(T0 + m * 60_000L, PER_MINUTE));
        }
        sink.write(T0, all, List.of());  // each record goes to its own hour's file
        long now = T0 + HOURS * HOUR + Duration.ofMinutes(31).toMillis();
        new Compactor(store, Retention.DEFAULT).compact(now, false);
        assertThat(calls(store)).isEqualTo(TOTAL);

        Path victim = switch (kind) {
            case OPEN_MINUTE_FILE -> store.minuteFile(T0 + HOURS * HOUR, "w");
            case CONSOLIDATED_MINUTE_FILE -> gz(store.minuteFile(T0 + 3 * HOUR, "w"));
            case HOUR_ROLLUP -> store.rollupFile(Resolution.HOUR, T0 + 3 * HOUR);
            case DAY_ROLLUP -> store.rollupFile(Resolution.DAY, T0);
        };
        assertThat(victim).isRegularFile();
        damage(victim, damage, new Random(kind.ordinal() * 31L + damage.ordinal()));

        // What the damaged file alone held: 30 minutes for the open file; nothing otherwise (the rollup
        // or the minute data beneath still holds every call).
        long mayLose = kind == FileKind.OPEN_MINUTE_FILE ? 30L * PER_MINUTE : 0;
        StoreReader reader = new StoreReader(store);
        long read = calls(reader);
        assertThat(read).as("never more than was stored").isLessThanOrEqualTo(TOTAL)
                .as("at most what the damaged part held").isGreaterThanOrEqualTo(TOTAL - mayLose);
        // Bytes after a gzip member's end are ignored by every gzip reader: the data is intact, nothing to say.
        boolean harmless = damage == Damage.APPENDED_GARBAGE && kind != FileKind.OPEN_MINUTE_FILE;
        if (read < TOTAL || !harmless) {
            ReadStats st = reader.stats();
            assertThat(st.problems().size() + st.malformedLines() + st.tornLines()).as("the damage is reported: %s", st)
                    .isPositive();
        }

        assertThatCode(() -> new Compactor(store, Retention.DEFAULT).compact(now + HOUR, false))
                .as("compaction goes on past the damage").doesNotThrowAnyException();
        long afterCompaction = calls(store);
        assertThat(afterCompaction).isLessThanOrEqualTo(TOTAL).isGreaterThanOrEqualTo(TOTAL - mayLose);
    }

    static Path gz(Path plain) {
        return plain.resolveSibling(plain.getFileName() + ".gz");
    }

    static void damage(Path f, Damage d, Random rnd) throws IOException {
        byte[] b = Files.readAllBytes(f);
        int mid = b.length / 2;
        switch (d) {
            // Cut inside a line (records of one series are of equal length, so the middle is a line end):
            // a cut exactly at a line end is indistinguishable from a shorter file.
            case TRUNCATED -> b = java.util.Arrays.copyOf(b, mid + 7);
            case ZEROED -> java.util.Arrays.fill(b, Math.max(0, mid - 32), Math.min(b.length, mid + 32), (byte) 0);
            case RANDOM_BYTES -> {
                for (int i = Math.max(0, mid - 32); i < Math.min(b.length, mid + 32); i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
            }
            case BIT_FLIPS -> {
                for (int i = 0; i < 8; i++) {
                    int at = rnd.nextInt(b.length);
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case APPENDED_GARBAGE -> {
                byte[] junk = new byte[200];
                rnd.nextBytes(junk);
                Files.write(f, junk, StandardOpenOption.APPEND);
                Files.write(f, "\n{\"not\": \"a record\"\n\u00ff\u00fe\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                        StandardOpenOption.APPEND);
                return;
            }
        }
        Files.write(f, b);
    }

    static long calls(Store store) {
        return calls(new StoreReader(store));
    }

    static long calls(StoreReader r) {
        r.refresh();
        return r.read(ix -> {
            long[] sum = {0};
            ix.series().forEach(s -> ix.fold(s, T0, T0 + Duration.ofDays(3).toMillis(), Resolution.DAY,
                    b -> sum[0] += b.totalCalls()));
            return sum[0];
        });
    }
}
