package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls written late into an hour that is already rolled up, consolidated or past minute retention
 * (a backfill through {@code track_performance} with a timestamp, a writer stalled for minutes):
 * each is counted exactly once, at every resolution, whatever the order of writes, compactions and
 * retention.
 */
class LateWriteTest {

    static final long H = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long DAY0 = Resolution.DAY.floor(H);

    @TempDir
    Path dir;

    static void write(Store store, String writer, long nowMillis, long minute, int calls) throws Exception {
        RecordSink.toStore(new StoreWriter(store, writer)).write(nowMillis,
                List.of(CompactorTest.record(minute, calls)), List.of());
    }

    static void compact(Store store, long now, boolean retention) throws Exception {
        assertThat(new Compactor(store, Retention.DEFAULT).compact(now, retention).ran()).isTrue();
    }

    /** Calls in [from, to) read with rollups no coarser than {@code coarsest}. */
    static long calls(Store store, long from, long to, Resolution coarsest) {
        StoreReader r = new StoreReader(store);
        r.refresh();
        return r.read(ix -> {
            long[] sum = {0};
            ix.series().forEach(s -> ix.fold(s, from, to, coarsest, b -> sum[0] += b.totalCalls()));
            return sum[0];
        });
    }

    void assertHourAndDay(Store store, long expected, String when) {
        assertThat(calls(store, H, H + HOUR, Resolution.HOUR)).as("hour, " + when).isEqualTo(expected);
        assertThat(calls(store, DAY0, DAY0 + Resolution.DAY.millis(), Resolution.DAY)).as("day, " + when).isEqualTo(expected);
        assertThat(calls(store, DAY0 - Resolution.DAY.millis(), DAY0 + 3 * Resolution.DAY.millis(), Resolution.DAY))
                .as("three days, " + when).isEqualTo(expected);
    }

    /** 100 calls in hour H, on time, rolled up and then deleted from the minute data by retention. */
    Store hourRolledUpAndPastMinuteRetention() throws Exception {
        Store store = Store.open(dir);
        for (int m = 0; m < 10; m++) {
            write(store, "w", H + m * 60_000L + 5_000, H + m * 60_000L, 10);
        }
        compact(store, H + HOUR + Duration.ofMinutes(5).toMillis(), false);
        compact(store, H + Duration.ofHours(26).toMillis(), true);
        assertHourAndDay(store, 100, "rolled up, minute data gone");
        return store;
    }

    @Test
    void aSmallBackfillIntoAnHourPastMinuteRetentionIsCountedOnceOnTopOfItsRollup() throws Exception {
        Store store = hourRolledUpAndPastMinuteRetention();
        long now = H + Duration.ofHours(27).toMillis();
        write(store, "sidecar", now, H + Duration.ofMinutes(30).toMillis(), 7);
        assertHourAndDay(store, 107, "backfill written");
        compact(store, now + Duration.ofMinutes(3).toMillis(), false);
        assertHourAndDay(store, 107, "after compaction");
        compact(store, now + Duration.ofHours(25).toMillis(), true);
        assertHourAndDay(store, 107, "after retention");
        compact(store, now + Duration.ofHours(50).toMillis(), true);
        assertHourAndDay(store, 107, "after a second retention");
    }

    @Test
    void aBackfillLargerThanTheRollupNeverReplacesIt() throws Exception {
        Store store = hourRolledUpAndPastMinuteRetention();
        long now = H + Duration.ofHours(27).toMillis();
        write(store, "sidecar", now, H + Duration.ofMinutes(30).toMillis(), 250);
        assertHourAndDay(store, 350, "backfill written");
        compact(store, now + Duration.ofMinutes(3).toMillis(), true);
        assertHourAndDay(store, 350, "after compaction");
        compact(store, now + Duration.ofHours(25).toMillis(), true);
        assertHourAndDay(store, 350, "after retention");
    }

    @Test
    void theSameWriterWritingLateIntoItsOwnConsolidatedHourLosesNothing() throws Exception {
        Store store = Store.open(dir);
        write(store, "w", H + 5_000, H, 10);
        compact(store, H + HOUR + Duration.ofMinutes(5).toMillis(), false);
        assertHourAndDay(store, 10, "rolled up");
        long now = H + HOUR + Duration.ofMinutes(10).toMillis();
        write(store, "w", now, H + 60_000, 5);
        assertHourAndDay(store, 15, "late write by the same writer");
        compact(store, now + Duration.ofMinutes(5).toMillis(), false);
        assertHourAndDay(store, 15, "after compaction");
        compact(store, now + Duration.ofHours(30).toMillis(), true);
        assertHourAndDay(store, 15, "after retention");
    }

    @Test
    void aLateWriteIntoADayWhoseHourRollupsAreGoneIsKeptInItsDayRollup() throws Exception {
        Store store = Store.open(dir);
        write(store, "w", H + 5_000, H, 10);
        compact(store, H + Duration.ofDays(2).toMillis(), true);
        compact(store, H + Duration.ofDays(40).toMillis(), true);
        assertThat(calls(store, DAY0, DAY0 + Resolution.DAY.millis(), Resolution.DAY)).isEqualTo(10);
        long now = H + Duration.ofDays(40).toMillis() + 60_000;
        write(store, "sidecar", now, H + 120_000, 4);
        assertThat(calls(store, DAY0, DAY0 + Resolution.DAY.millis(), Resolution.DAY)).as("written").isEqualTo(14);
        compact(store, now + 60_000, true);
        assertThat(calls(store, DAY0, DAY0 + Resolution.DAY.millis(), Resolution.DAY)).as("compacted").isEqualTo(14);
        compact(store, now + Duration.ofDays(2).toMillis(), true);
        assertThat(calls(store, DAY0, DAY0 + Resolution.DAY.millis(), Resolution.DAY)).as("past retention of its minute and hour data")
                .isEqualTo(14);
    }

    /**
     * A record for a day still inside the retention of daily rollups is kept in that day's rollup; one
     * for a day already past it is dropped at the next retention, with its count recorded and reported
     * by every reader, never silently.
     */
    @Test
    void aRecordPastTheRetentionOfDailyRollupsIsDroppedAndReportedOneInsideIsKept() throws Exception {
        Store store = Store.open(dir);
        long now = H + Duration.ofDays(400).toMillis();
        long inside = H + Duration.ofDays(100).toMillis();   // past hourly rollups (30 days), inside daily ones
        long past = H;                                        // 400 days ago
        write(store, "sidecar", now, inside, 6);
        write(store, "sidecar", now, past, 9);
        long day = Resolution.DAY.millis();
        assertThat(calls(store, past - day, now, Resolution.DAY)).as("both readable as written").isEqualTo(15);

        Compactor.Result r = new Compactor(store, Retention.DEFAULT).compact(now + Duration.ofHours(25).toMillis(), true);
        assertThat(r.pastRetentionCalls()).isEqualTo(9);
        long insideDay = Resolution.DAY.floor(inside);
        assertThat(calls(store, insideDay, insideDay + day, Resolution.DAY)).as("kept in its day's rollup").isEqualTo(6);
        assertThat(calls(store, past - day, now + day, Resolution.DAY)).isEqualTo(6);
        StoreReader reader = new StoreReader(store);
        reader.refresh();
        assertThat(reader.stats().pastRetentionCalls()).isEqualTo(9);
        assertThat(reader.stats().healthy()).isFalse();
        assertThat(reader.stats().healthNote()).contains("9 call(s) arrived for days past the retention");
        try (var files = java.nio.file.Files.walk(store.minuteDirectory())) {
            assertThat(files.filter(java.nio.file.Files::isRegularFile).count()).as("minute data past retention gone")
                    .isZero();
        }
        assertThat(new Compactor(store, Retention.DEFAULT).compact(now + Duration.ofHours(26).toMillis(), true)
                .pastRetentionCalls()).as("counted once").isZero();
        reader.refresh();
        assertThat(reader.stats().pastRetentionCalls()).isEqualTo(9);
    }
}
