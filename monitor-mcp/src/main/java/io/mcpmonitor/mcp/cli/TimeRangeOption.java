package io.mcpmonitor.mcp.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The time range every command takes, with the MCP tools' names: {@code --startTime}/{@code --endTime}
 * (aliases {@code --from}/{@code --to}), ISO-8601 instants, or a length ending at the end (now by
 * default): {@code --since 2h}, {@code --last 24h}. Absent ends stay null for the command's default.
 */
final class TimeRangeOption {

    private static final Pattern LENGTH = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d|w)");

    @Option(names = {"--startTime", "--from"}, paramLabel = "TIME", description = "ISO-8601 start, e.g. 2026-11-25T10:00:00Z.")
    String startTime;

    @Option(names = {"--endTime", "--to"}, paramLabel = "TIME", description = "ISO-8601 end (default: now).")
    String endTime;

    @Option(names = {"--since", "--last"}, paramLabel = "LENGTH",
            description = "The range is this long and ends at --endTime or now: 15m, 2h, 24h, 7d.")
    String since;

    /** Start and end, each null where neither option gave it; messages name the option at fault. */
    record Range(Instant start, Instant end) {
    }

    /** @throws IllegalArgumentException naming the field, for a bad instant, length or combination */
    Range resolve(Instant now) {
        Instant end = instant("endTime", endTime);
        if (since == null) {
            return new Range(instant("startTime", startTime), end);
        }
        if (startTime != null) {
            throw new IllegalArgumentException("since: give either --since/--last or --startTime, not both");
        }
        return new Range((end == null ? now : end).minus(length("since", since)), end);
    }

    /** {@code value} as an instant, null when absent; the message names {@code field}. */
    static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not an ISO-8601 instant such as 2026-11-25T10:00:00Z");
        }
    }

    /** A length such as {@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}, {@code 2w}; more than zero. */
    static Duration length(String field, String value) {
        Matcher m = LENGTH.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a length such as 15m, 2h, 24h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException(field + ": must be more than 0, was '" + value + "'");
        }
        return d;
    }
}
