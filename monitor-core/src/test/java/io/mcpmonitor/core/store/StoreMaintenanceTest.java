package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.record.ManualClock;
import io.mcpmonitor.core.record.Monitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreMaintenanceTest {

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void rollsUpThreeMinutesPastEveryHour() {
        assertThat(StoreMaintenance.nextRollupMillis(at("2026-11-25T10:00:00Z"))).isEqualTo(at("2026-11-25T10:03:00Z"));
        assertThat(StoreMaintenance.nextRollupMillis(at("2026-11-25T10:03:00Z"))).isEqualTo(at("2026-11-25T11:03:00Z"));
        assertThat(StoreMaintenance.nextRollupMillis(at("2026-11-25T10:59:59Z"))).isEqualTo(at("2026-11-25T11:03:00Z"));
    }

    @Test
    void cleansUpAtTheNextLocalMidnight() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(StoreMaintenance.nextMidnightMillis(at("2026-11-25T10:00:00Z"), paris)).isEqualTo(at("2026-11-25T23:00:00Z"));
        assertThat(StoreMaintenance.nextMidnightMillis(at("2026-11-25T23:00:00Z"), paris)).isEqualTo(at("2026-11-26T23:00:00Z"));
    }

    @TempDir
    Path dir;

    /** Compaction rewrites every closed minute file: while a question is being answered, it does not begin. */
    @Test
    void aRunWaitsUntilTheQuestionsInProgressAreAnswered() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-20T00:00:00Z"));
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock).writerId("w").build()) {
            for (int h = 0; h < 3; h++) {
                m.record("s", "t", 1_000_000, Outcome.SUCCESS);
                m.flush();
                clock.advanceMillis(Duration.ofHours(1).toMillis());
            }
        }
        long closedFiles = plainMinuteFiles();
        assertThat(closedFiles).isPositive();
        Store store = Store.open(dir);
        StoreReader reader = new StoreReader(store);
        StoreReader.Foreground question = reader.foreground();
        try (StoreMaintenance maintenance = StoreMaintenance.start(store, Retention.DEFAULT,
                () -> reader.awaitQuiet(100, 600_000), 0, msg -> { })) {
            Thread.sleep(1_000);
            assertThat(consolidated()).as("nothing rewritten while the question is open").isZero();
            question.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consolidated() < closedFiles && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(consolidated()).as("the closed hours, consolidated once the question was answered").isEqualTo(closedFiles);
        assertThat(plainMinuteFiles()).isZero();
        }
    }

    private long consolidated() throws java.io.IOException {
        return minuteFilesEndingIn(".jsonl.gz");
    }

    private long plainMinuteFiles() throws java.io.IOException {
        return minuteFilesEndingIn(".jsonl");
    }

    private long minuteFilesEndingIn(String suffix) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(store().minuteDirectory())) {
            return files.filter(p -> p.toString().endsWith(suffix)).count();
        }
    }

    private Store store() throws java.io.IOException {
        return Store.open(dir);
    }
}
