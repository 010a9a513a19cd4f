package io.mcpmonitor.core.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The anomalies found by background detection, kept in the store as JSON Lines:
 * {@code <store>/anomalies/yyyy-MM-dd.jsonl}, one file per UTC day of onset (docs/STORE.md). Every
 * change of an incident appends its whole new state as one line with the same {@code id}; a
 * reader keeps the last line per id, so an ongoing incident is one anomaly however often it was
 * updated. Lines carry {@code "v"} (format version) and {@code "type":"anomaly"}; a torn or
 * unreadable line is skipped.
 *
 * <p>Thread-safe: appends and deletes are serialised on this object; one process (the sidecar)
 * writes. Names are data inside the lines, never part of a path.
 */
final class AnomalyLog {
    static final int FORMAT_VERSION = 1;
    /** How far before a range's start a file is read: the longest an incident is expected to last. */
    private static final long READ_BACK_MILLIS = 7 * 86_400_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private long skippedLines;

    AnomalyLog(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Appends the current state of each anomaly to the file of its onset day. */
    synchronized void append(List<Anomaly> anomalies, long writtenMillis) throws IOException {
        Map<LocalDate, StringBuilder> byDay = new TreeMap<>();
        for (Anomaly a : anomalies) {
            LocalDate day = a.timestamp().atZone(ZoneOffset.UTC).toLocalDate();
            byDay.computeIfAbsent(day, d -> new StringBuilder()).append(encode(a, writtenMillis)).append('\n');
        }
        for (Map.Entry<LocalDate, StringBuilder> e : byDay.entrySet()) {
            Files.createDirectories(directory);
            Path file = directory.resolve(e.getKey() + ".jsonl");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(e.getValue().toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
    }

    /** The last state of every anomaly going on at some point of {@code [fromMillis, toMillis)}. */
    synchronized List<Anomaly> read(long fromMillis, long toMillis) throws IOException {
        Map<String, Anomaly> latest = new LinkedHashMap<>();
        for (Path file : files()) {
            LocalDate day = dayOf(file);
            long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            if (dayStart >= toMillis || dayStart + 86_400_000L < fromMillis - READ_BACK_MILLIS) {
                continue;
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException gone) {
                continue;
            }
            for (String line : lines) {
                Anomaly a = decode(line);
                if (a != null) {
                    latest.put(a.id(), a);
                }
            }
        }
        List<Anomaly> out = new ArrayList<>();
        for (Anomaly a : latest.values()) {
            if (a.timestamp().toEpochMilli() < toMillis && a.lastSeen().toEpochMilli() + 60_000L > fromMillis) {
                out.add(a);
            }
        }
        return out;
    }

    /** Deletes the files of days that ended before {@code cutoffMillis}; returns how many. */
    synchronized int deleteBefore(long cutoffMillis) throws IOException {
        int deleted = 0;
        for (Path file : files()) {
            long dayEnd = dayOf(file).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            if (dayEnd <= cutoffMillis && Files.deleteIfExists(file)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Lines skipped because they could not be read (torn or not ours), since this log was opened. */
    synchronized long skippedLines() {
        return skippedLines;
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> dayOf(p) != null).sorted().toList();
        }
    }

    private static LocalDate dayOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".jsonl") || name.length() != "yyyy-MM-dd.jsonl".length()) {
            return null;
        }
        try {
            return LocalDate.parse(name.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String encode(Anomaly a, long writtenMillis) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", FORMAT_VERSION);
        n.put("type", "anomaly");
        n.put("written", Instant.ofEpochMilli(writtenMillis).toString());
        n.put("id", a.id());
        n.put("timestamp", a.timestamp().toString());
        n.put("lastSeen", a.lastSeen().toString());
        n.put("mcpServer", a.mcpServer());
        n.put("toolName", a.toolName());
        n.put("anomalyType", a.anomalyType().wireName());
        n.put("severity", a.severity().wireName());
        n.put("status", a.status());
        n.put("description", a.description());
        AnomalyDetails d = a.details();
        ObjectNode dn = n.putObject("details");
        dn.put("metric", d.metric());
        dn.put("unit", d.unit());
        number(dn, "currentValue", d.currentValue());
        number(dn, "expectedValue", d.expectedValue());
        ArrayNode range = dn.putArray("expectedRange");
        d.expectedRange().forEach(v -> range.add(Double.isFinite(v) ? JSON.getNodeFactory().numberNode(v) : JSON.nullNode()));
        number(dn, "deviation", d.deviation());
        number(dn, "changePercent", d.changePercent());
        number(dn, "confidence", d.confidence());
        dn.put("method", d.method());
        dn.put("calls", d.calls());
        d.outcomes().forEach(dn.putArray("outcomes")::add);
        dn.put("scope", d.scope());
        d.alsoAffected().forEach(dn.putArray("alsoAffected")::add);
        a.recommendations().forEach(n.putArray("recommendations")::add);
        return n.toString();
    }

    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    /** The anomaly of one line, or null (counted) when the line is torn, of a newer version, or not an anomaly. */
    Anomaly decode(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || n.path("v").asInt(-1) < 1 || n.path("v").asInt() > FORMAT_VERSION
                    || !"anomaly".equals(n.path("type").asText())) {
                skippedLines++;
                return null;
            }
            JsonNode d = n.path("details");
            List<Double> range = new ArrayList<>();
            d.path("expectedRange").forEach(x -> range.add(x.isNumber() ? x.asDouble() : Double.NaN));
            List<String> outcomes = new ArrayList<>();
            d.path("outcomes").forEach(x -> outcomes.add(x.asText()));
            List<String> also = new ArrayList<>();
            d.path("alsoAffected").forEach(x -> also.add(x.asText()));
            List<String> recs = new ArrayList<>();
            n.path("recommendations").forEach(x -> recs.add(x.asText()));
            AnomalyDetails details = new AnomalyDetails(d.path("metric").asText(), d.path("unit").asText(),
                    num(d, "currentValue"), num(d, "expectedValue"), range, num(d, "deviation"), num(d, "changePercent"),
                    num(d, "confidence"), d.path("method").asText(), d.path("calls").asLong(), outcomes,
                    d.path("scope").asText(), also);
            JsonNode tool = n.path("toolName");
            return new Anomaly(n.path("id").asText(), Instant.parse(n.path("timestamp").asText()),
                    Instant.parse(n.path("lastSeen").asText()), n.path("mcpServer").asText(),
                    tool.isTextual() ? tool.asText() : null, AnomalyType.fromWireName(n.path("anomalyType").asText()),
                    Severity.fromWireName(n.path("severity").asText()), n.path("status").asText(), false,
                    n.path("description").asText(), details, recs);
        } catch (IOException | RuntimeException e) {
            skippedLines++;
            return null;
        }
    }

    private static double num(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
