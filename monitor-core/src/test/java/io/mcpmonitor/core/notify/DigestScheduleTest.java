package io.mcpmonitor.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestScheduleTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final DigestSchedule DAILY = new DigestSchedule("daily", false, null, LocalTime.of(8, 0), BERLIN, null);
    static final DigestSchedule WEEKLY = new DigestSchedule("weekly", true, DayOfWeek.MONDAY, LocalTime.of(9, 0), BERLIN, null);

    @TempDir
    Path store;

    @Test
    void aDailyDigestFollowsTheLocalClockAcrossDaylightSavingTime() {
        // 2026-03-29: clocks go forward in Berlin; 08:00 local is 06:00Z that day, 07:00Z the day before.
        Instant occurrence = DAILY.lastOccurrence(Instant.parse("2026-03-29T06:30:00Z"));
        assertThat(occurrence).isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
        assertThat(DAILY.previous(occurrence)).isEqualTo(Instant.parse("2026-03-28T07:00:00Z"));
        assertThat(DAILY.lastOccurrence(Instant.parse("2026-03-29T05:59:59Z"))).isEqualTo(Instant.parse("2026-03-28T07:00:00Z"));
    }

    @Test
    void aWeeklyDigestCoversTheWeekBeforeItsDay() {
        Instant wednesday = Instant.parse("2026-11-25T12:00:00Z");
        Instant monday = WEEKLY.lastOccurrence(wednesday);
        assertThat(monday).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(WEEKLY.previous(monday)).isEqualTo(Instant.parse("2026-11-16T08:00:00Z"));
        assertThat(WEEKLY.lastOccurrence(Instant.parse("2026-11-23T07:59:00Z"))).isEqualTo(Instant.parse("2026-11-16T08:00:00Z"));
    }

    @Test
    void eachOccurrenceIsDueOnceAndALongMissedOneIsSkipped() throws Exception {
        DigestTimes t = DigestTimes.open(store);
        assertThat(t.due(List.of(DAILY), Instant.parse("2026-11-25T07:00:01Z"))).singleElement()
                .satisfies(d -> assertThat(Duration.between(d.from(), d.to())).isEqualTo(Duration.ofHours(24)));
        t.save();
        assertThat(DigestTimes.open(store).due(List.of(DAILY), Instant.parse("2026-11-25T09:00:00Z"))).isEmpty();
        // The sidecar was down from before 08:00 until 15:00: more than the catch-up window late, skipped.
        DigestTimes late = DigestTimes.open(store);
        assertThat(late.due(List.of(DAILY), Instant.parse("2026-11-26T15:00:00Z"))).isEmpty();
        assertThat(late.due(List.of(DAILY), Instant.parse("2026-11-27T07:00:00Z"))).hasSize(1);
    }
}
