package io.mcpmonitor.core.notify;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * A scheduled performance digest: {@code daily} at a local time, or {@code weekly} on a day at a local
 * time, in a time zone, optionally of one server. A digest sent at an occurrence covers the time since
 * the occurrence before it: a day (23 or 25 hours across a change of daylight saving time, as the
 * local clock has it) or a week.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name   unique among the digests; keys what was sent
 * @param weekly false: daily
 * @param day    the day of a weekly digest (ignored for daily)
 * @param at     the local time it is sent
 * @param zone   the zone of {@code at} and {@code day}
 * @param server only this server, or null for every server
 */
public record DigestSchedule(String name, boolean weekly, DayOfWeek day, LocalTime at, ZoneId zone, String server) {

    public DigestSchedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(zone, "zone");
        if (weekly) {
            Objects.requireNonNull(day, "day");
        }
    }

    /** {@code daily} or {@code weekly}. */
    public String every() {
        return weekly ? "weekly" : "daily";
    }

    /** The latest occurrence at or before {@code now}. */
    public Instant lastOccurrence(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime candidate = local.with(at);
        if (weekly) {
            candidate = candidate.with(TemporalAdjusters.previousOrSame(day));
            if (candidate.isAfter(local)) {
                candidate = candidate.minusWeeks(1).with(at);
            }
        } else if (candidate.isAfter(local)) {
            candidate = candidate.minusDays(1).with(at);
        }
        return candidate.toInstant();
    }

    /** The occurrence before {@code occurrence}: the start of what the digest sent then covers. */
    public Instant previous(Instant occurrence) {
        ZonedDateTime z = occurrence.atZone(zone);
        return (weekly ? z.minusWeeks(1) : z.minusDays(1)).with(at).toInstant();
    }
}
