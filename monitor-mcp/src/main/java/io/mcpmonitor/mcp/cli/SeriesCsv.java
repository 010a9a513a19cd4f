package io.mcpmonitor.mcp.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads a {@code timestamp,value} CSV one row at a time, for the backtest: NAB's
 * {@code YYYY-MM-DD HH:MM:SS} (taken as UTC) or ISO-8601 ({@code 2026-11-25T10:00:00Z}, with an
 * offset, or without one as UTC), an optional header row, extra columns ignored. A value may be
 * any decimal number, or {@code NaN} / empty for a missing one. Rows are taken in file order; a
 * timestamp that goes backwards (real data has them, e.g. a clock set back) is kept and counted
 * ({@link #backwardSteps()}). Anything else is a {@link MalformedRowException} naming the file,
 * the line and what is wrong.
 *
 * <p>Not thread-safe; one per file. Holds one row at a time.
 */
final class SeriesCsv {

    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** A row that cannot be read; the message is {@code file:line: problem}. */
    static final class MalformedRowException extends Exception {
        MalformedRowException(String source, long line, String problem) {
            super(source + ":" + line + ": " + problem);
        }
    }

    private final BufferedReader in;
    private final String source;
    private long line;
    private long previousMillis = Long.MIN_VALUE;
    private long backwardSteps;
    private long firstBackwardLine;
    // the current row
    private String timestampText;
    private String valueText;
    private long epochMillis;
    private double value;

    SeriesCsv(BufferedReader in, String source) {
        this.in = in;
        this.source = source;
    }

    /** Moves to the next data row; false at the end of the input. */
    boolean next() throws IOException, MalformedRowException {
        String text;
        while ((text = in.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            String[] fields = text.split(",", -1);
            if (line == 1 && isHeader(fields)) {
                continue;
            }
            if (fields.length < 2) {
                throw new MalformedRowException(source, line, "expected 'timestamp,value', found '" + cut(text) + "'");
            }
            timestampText = unquote(fields[0]);
            valueText = unquote(fields[1]);
            epochMillis = parseTime(timestampText);
            value = parseValue(valueText);
            if (epochMillis < previousMillis && backwardSteps++ == 0) {
                firstBackwardLine = line;
            }
            previousMillis = epochMillis;
            return true;
        }
        return false;
    }

    long line() {
        return line;
    }

    /** Rows whose timestamp is earlier than the row before them. */
    long backwardSteps() {
        return backwardSteps;
    }

    /** The line of the first such row (0 if none). */
    long firstBackwardLine() {
        return firstBackwardLine;
    }

    String timestampText() {
        return timestampText;
    }

    String valueText() {
        return valueText;
    }

    long epochMillis() {
        return epochMillis;
    }

    double value() {
        return value;
    }

    private static boolean isHeader(String[] fields) {
        String first = unquote(fields[0]).toLowerCase(Locale.ROOT);
        return first.equals("timestamp") || first.equals("time") || first.equals("date")
                || (fields.length > 1 && unquote(fields[1]).toLowerCase(Locale.ROOT).equals("value"));
    }

    private long parseTime(String t) throws MalformedRowException {
        try {
            if (t.length() == 19 && t.charAt(10) == ' ') {
                return LocalDateTime.parse(t, NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (t.endsWith("Z") || t.endsWith("z")) {
                return Instant.parse(t.toUpperCase(Locale.ROOT)).toEpochMilli();
            }
            if (t.length() > 19 && (t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10)) {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new MalformedRowException(source, line, "timestamp '" + cut(t) + "' is neither YYYY-MM-DD HH:MM:SS nor "
                    + "ISO-8601 (2026-11-25T10:00:00Z)");
        }
    }

    private double parseValue(String v) throws MalformedRowException {
        if (v.isEmpty() || v.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new MalformedRowException(source, line, "value '" + cut(v) + "' is not a number");
        }
    }

    private static String unquote(String s) {
        String t = s.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).trim() : t;
    }

    private static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 59) + "…";
    }
}
