package io.mcpmonitor.core.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpmonitor.core.call.McpMethod;
import io.mcpmonitor.core.call.Outcome;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads the lines of the store's JSON Lines files, format version {@value #FORMAT_VERSION}
 * (described in docs/STORE.md). One line is one JSON object with a {@code "v"} (format version) and a
 * {@code "type"}: {@code calls}, {@code process} or {@code rollup}.
 *
 * <p>Thread-safe (Jackson's factory and mapper are). Reading is strict: a line that is not valid JSON
 * or lacks a required field throws {@link MalformedRecordException}, so the reader can skip and count it.
 */
public final class RecordCodec {

    /** The version every line written now carries. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private RecordCodec() {
    }

    /** Thrown for a line the reader must skip. */
    public static final class MalformedRecordException extends Exception {
        MalformedRecordException(String message) {
            super(message);
        }
    }

    /** A parsed line: exactly one of the fields is non-null. */
    public record Line(CallRecord calls, ProcessRecord process, RollupHeader rollup) {
    }

    /**
     * The first line of a rollup file: which bucket it covers, how many calls it merged, and the
     * minute files it merged ({@code sources}: their {@link SourceIds ids}, null in rollups of earlier
     * builds, which did not say). Minute data from any other file is not in the rollup: readers add it.
     */
    public record RollupHeader(Resolution resolution, long startMillis, long sourceCalls, long writtenMillis,
                               List<String> sources) {

        public RollupHeader {
            sources = sources == null ? null : List.copyOf(sources);
        }

        /** A header of an earlier build, without the list of its sources. */
        public RollupHeader(Resolution resolution, long startMillis, long sourceCalls, long writtenMillis) {
            this(resolution, startMillis, sourceCalls, writtenMillis, null);
        }
    }

    public static String encode(CallRecord r) {
        return write(g -> {
            g.writeNumberField("v", FORMAT_VERSION);
            g.writeStringField("type", "calls");
            g.writeStringField("res", r.resolution().wireName());
            g.writeStringField("start", Instant.ofEpochMilli(r.startMillis()).toString());
            g.writeStringField("server", r.server());
            g.writeStringField("tool", r.tool());
            if (!r.method().equals(McpMethod.TOOLS_CALL)) {
                g.writeStringField("method", r.method()); // absent: tools/call, as every line before methods were kept
            }
            g.writeObjectFieldStart("outcomes");
            for (Outcome o : Outcome.values()) {
                long c = r.count(o);
                if (c != 0) {
                    g.writeNumberField(o.wireName(), c);
                }
            }
            g.writeEndObject();
            g.writeStringField("hist", r.histogram().encode());
            if (r.hasExactSum()) {
                g.writeNumberField("sumNanos", r.sumNanos());
            }
            if (!r.resultSizes().isEmpty()) {
                g.writeObjectFieldStart("resultBytes");
                g.writeNumberField("total", r.resultSizes().totalBytes());
                g.writeNumberField("max", r.resultSizes().maxBytes());
                g.writeStringField("hist", r.resultSizes().histogram().encode());
                g.writeEndObject();
            }
            if (!r.clients().isEmpty()) {
                g.writeObjectFieldStart("clients");
                for (var e : r.clients().entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (!r.clientErrors().isEmpty()) {
                g.writeObjectFieldStart("clientErrors");
                for (var e : r.clientErrors().entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (!r.errors().isEmpty()) {
                g.writeArrayFieldStart("errors");
                for (ErrorCount e : r.errors()) {
                    g.writeStartObject();
                    g.writeStringField("outcome", e.outcome().wireName());
                    g.writeStringField("type", e.errorType());
                    g.writeStringField("message", e.message());
                    if (!e.example().equals(e.message())) {
                        g.writeStringField("example", e.example());
                    }
                    g.writeNumberField("count", e.count());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        });
    }

    /**
     * The first line of a summary file: which minute file ({@code source}, its name in the same
     * directory) it covers, up to which byte, the CRC-32C of those bytes, how many calls and how many
     * lines follow it.
     */
    public record SummaryHeader(String source, long bytes, long sourceCrc, long calls, int lines, long writtenMillis) {
    }

    /** One series of a summary: the merge of its minutes of the hour, and its first and last minute. */
    public record SummaryLine(CallRecord hour, long firstMinuteMillis, long lastMinuteMillis) {
    }

    static String encode(SummaryHeader h) {
        return write(g -> {
            g.writeNumberField("v", FORMAT_VERSION);
            g.writeStringField("type", "summary");
            g.writeStringField("source", h.source());
            g.writeNumberField("bytes", h.bytes());
            g.writeStringField("sourceCrc", String.format("%08x", h.sourceCrc()));
            g.writeNumberField("calls", h.calls());
            g.writeNumberField("lines", h.lines());
            g.writeStringField("written", Instant.ofEpochMilli(h.writtenMillis()).toString());
        });
    }

    /** A series line of a summary: a {@code calls} line of resolution hour with {@code firstMinute} and {@code lastMinute}. */
    static String encode(SummaryLine l) {
        String calls = encode(l.hour());
        return calls.substring(0, calls.length() - 1) + ",\"firstMinute\":\"" + Instant.ofEpochMilli(l.firstMinuteMillis())
                + "\",\"lastMinute\":\"" + Instant.ofEpochMilli(l.lastMinuteMillis()) + "\"}";
    }

    /** Parses the header line of a summary file. */
    static SummaryHeader decodeSummaryHeader(String line) throws MalformedRecordException {
        JsonNode n = tree(line);
        try {
            if (!"summary".equals(text(n, "type"))) {
                throw new MalformedRecordException("not a summary header");
            }
            JsonNode bytes = n.get("bytes");
            JsonNode calls = n.get("calls");
            JsonNode lines = n.get("lines");
            if (bytes == null || !bytes.isIntegralNumber() || calls == null || !calls.isIntegralNumber()
                    || lines == null || !lines.isIntegralNumber() || bytes.asLong() < 0 || calls.asLong() < 0 || lines.asInt() < 0) {
                throw new MalformedRecordException("summary header: bytes, calls and lines must be whole numbers >= 0");
            }
            String crc = text(n, "sourceCrc");
            if (!crc.matches("[0-9a-f]{8}")) {
                throw new MalformedRecordException("summary header: sourceCrc must be 8 hex digits");
            }
            return new SummaryHeader(text(n, "source"), bytes.asLong(), Long.parseLong(crc, 16), calls.asLong(), lines.asInt(),
                    instant(n, "written"));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new MalformedRecordException(e.getMessage());
        }
    }

    /** Parses a series line of a summary file. */
    static SummaryLine decodeSummaryLine(String line) throws MalformedRecordException {
        String verified = LineCheck.verified(line);
        CallsLineReader.Read fast = verified.startsWith(CALLS_PREFIX) ? CallsLineReader.read(verified) : null;
        if (fast != null && fast.firstMinuteMillis() != Long.MIN_VALUE) {
            return summaryLine(fast.record(), fast.firstMinuteMillis(), fast.lastMinuteMillis());
        }
        JsonNode n = treeOfVerified(verified);
        try {
            if (!"calls".equals(text(n, "type"))) {
                throw new MalformedRecordException("not a calls line");
            }
            return summaryLine(decodeCalls(n), instant(n, "firstMinute"), instant(n, "lastMinute"));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new MalformedRecordException(e.getMessage());
        }
    }

    private static SummaryLine summaryLine(CallRecord r, long first, long last) throws MalformedRecordException {
        if (r.resolution() != Resolution.HOUR) {
            throw new MalformedRecordException("a summary line must be of resolution hour");
        }
        if (first > last || Resolution.HOUR.floor(first) != r.startMillis() || Resolution.HOUR.floor(last) != r.startMillis()) {
            throw new MalformedRecordException("firstMinute and lastMinute must lie in the summary's hour");
        }
        return new SummaryLine(r, first, last);
    }

    /** How every {@code calls} line this codec writes begins: such lines go to {@link CallsLineReader} first. */
    private static final String CALLS_PREFIX = "{\"v\":1,\"type\":\"calls\",";

    private static JsonNode tree(String line) throws MalformedRecordException {
        return treeOfVerified(LineCheck.verified(line));
    }

    private static JsonNode treeOfVerified(String verified) throws MalformedRecordException {
        JsonNode n;
        try {
            n = MAPPER.readTree(verified);
        } catch (IOException e) {
            throw new MalformedRecordException("not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new MalformedRecordException("not a JSON object");
        }
        int v = n.path("v").asInt(-1);
        if (v < 1 || v > FORMAT_VERSION) {
            throw new MalformedRecordException("unsupported format version " + n.path("v"));
        }
        return n;
    }

    public static String encode(ProcessRecord p) {
        return write(g -> {
            g.writeNumberField("v", FORMAT_VERSION);
            g.writeStringField("type", "process");
            g.writeStringField("at", Instant.ofEpochMilli(p.atMillis()).toString());
            g.writeStringField("writer", p.writer());
            g.writeNumberField("pid", p.pid());
            g.writeArrayFieldStart("servers");
            for (String s : p.servers()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeNumberField("cpuPercent", round(p.cpuPercent()));
            g.writeNumberField("heapUsedMb", round(p.heapUsedMb()));
            g.writeNumberField("heapMaxMb", round(p.heapMaxMb()));
            g.writeNumberField("heapPercent", round(p.heapPercent()));
            g.writeNumberField("diskReadKb", round(p.diskReadKb()));
            g.writeNumberField("diskWriteKb", round(p.diskWriteKb()));
        });
    }

    public static String encode(RollupHeader h) {
        return write(g -> {
            g.writeNumberField("v", FORMAT_VERSION);
            g.writeStringField("type", "rollup");
            g.writeStringField("res", h.resolution().wireName());
            g.writeStringField("start", Instant.ofEpochMilli(h.startMillis()).toString());
            g.writeNumberField("sourceCalls", h.sourceCalls());
            g.writeStringField("written", Instant.ofEpochMilli(h.writtenMillis()).toString());
            if (h.sources() != null) {
                g.writeArrayFieldStart("sources");
                for (String id : h.sources()) {
                    g.writeString(id);
                }
                g.writeEndArray();
            }
        });
    }

    /** Parses one line (without its newline). */
    public static Line decode(String line) throws MalformedRecordException {
        String verified = LineCheck.verified(line);
        if (verified.startsWith(CALLS_PREFIX)) {
            CallsLineReader.Read fast = CallsLineReader.read(verified);
            if (fast != null) {
                return new Line(fast.record(), null, null);
            }
        }
        return decodeTree(verified);
    }

    /** {@link #decode} of a line whose checksum is checked and removed, through a JSON tree: every shape of line. */
    static Line decodeTree(String verified) throws MalformedRecordException {
        JsonNode n;
        try {
            n = MAPPER.readTree(verified);
        } catch (IOException e) {
            throw new MalformedRecordException("not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new MalformedRecordException("not a JSON object");
        }
        int v = n.path("v").asInt(-1);
        if (v < 1 || v > FORMAT_VERSION) {
            throw new MalformedRecordException("unsupported format version " + n.path("v"));
        }
        try {
            return switch (text(n, "type")) {
                case "calls" -> new Line(decodeCalls(n), null, null);
                case "process" -> new Line(null, decodeProcess(n), null);
                case "rollup" -> new Line(null, null, new RollupHeader(
                        Resolution.fromWireName(text(n, "res")), instant(n, "start"),
                        n.path("sourceCalls").asLong(), instant(n, "written"), sources(n.get("sources"))));
                default -> throw new MalformedRecordException("unknown type " + n.get("type"));
            };
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new MalformedRecordException(e.getMessage());
        }
    }

    private static CallRecord decodeCalls(JsonNode n) throws MalformedRecordException {
        long[] counts = new long[Outcome.values().length];
        JsonNode outcomes = n.path("outcomes");
        var it = outcomes.fields();
        while (it.hasNext()) {
            var e = it.next();
            long c = e.getValue().asLong(-1);
            if (c < 0) {
                throw new MalformedRecordException("negative or non-numeric count for " + e.getKey());
            }
            counts[Outcome.fromWireName(e.getKey()).ordinal()] = c;
        }
        List<ErrorCount> errors = new ArrayList<>();
        for (JsonNode e : n.path("errors")) {
            errors.add(new ErrorCount(Outcome.fromWireName(text(e, "outcome")), e.path("type").asText(""),
                    e.path("message").asText(""), e.path("count").asLong(), e.path("example").asText("")));
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        java.util.Map<String, Long> clients = clientCounts(n, "clients");
        java.util.Map<String, Long> clientErrors = clientCounts(n, "clientErrors");
        // Decoded when a query first needs it: opening a big store must not decode every minute.
        SparseHistogram hist = SparseHistogram.decodeLazily(text(n, "hist"), total);
        long sum = CallRecord.UNKNOWN_SUM;
        JsonNode sumNode = n.get("sumNanos");
        if (sumNode != null) {
            if (!sumNode.canConvertToLong() || !sumNode.isIntegralNumber() || sumNode.asLong() < 0) {
                throw new MalformedRecordException("field 'sumNanos' must be a non-negative integer, was " + sumNode);
            }
            sum = sumNode.asLong();
        }
        String method = McpMethod.TOOLS_CALL;
        if (n.has("method")) {
            method = text(n, "method");
        }
        return new CallRecord(Resolution.fromWireName(text(n, "res")), instant(n, "start"),
                text(n, "server"), text(n, "tool"), counts, hist, errors, sum, clients, resultSizes(n.get("resultBytes")),
                method, clientErrors);
    }

    private static java.util.Map<String, Long> clientCounts(JsonNode n, String field) throws MalformedRecordException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (var ci = n.path(field).fields(); ci.hasNext(); ) {
            var e = ci.next();
            long c = e.getValue().asLong(-1);
            if (!e.getValue().isIntegralNumber() || c < 0) {
                throw new MalformedRecordException("negative or non-numeric count in " + field + " for " + e.getKey());
            }
            out.put(e.getKey(), c);
        }
        return out;
    }

    private static ResultSizes resultSizes(JsonNode r) throws MalformedRecordException {
        if (r == null) {
            return ResultSizes.EMPTY;
        }
        JsonNode total = r.get("total");
        JsonNode max = r.get("max");
        if (total == null || !total.isIntegralNumber() || total.asLong() < 0 || max == null || !max.isIntegralNumber()
                || max.asLong() < 0) {
            throw new MalformedRecordException("resultBytes: total and max must be whole numbers >= 0");
        }
        SparseHistogram h = SparseHistogram.decode(text(r, "hist"));
        return new ResultSizes(h, total.asLong(), max.asLong());
    }

    private static List<String> sources(JsonNode n) throws MalformedRecordException {
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw new MalformedRecordException("field 'sources' must be an array of strings");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode id : n) {
            if (!id.isTextual()) {
                throw new MalformedRecordException("field 'sources' must be an array of strings");
            }
            out.add(id.asText());
        }
        return out;
    }

    private static ProcessRecord decodeProcess(JsonNode n) throws MalformedRecordException {
        List<String> servers = new ArrayList<>();
        n.path("servers").forEach(s -> servers.add(s.asText()));
        return new ProcessRecord(instant(n, "at"), text(n, "writer"), n.path("pid").asLong(-1), servers,
                n.path("cpuPercent").asDouble(-1), n.path("heapUsedMb").asDouble(-1), n.path("heapMaxMb").asDouble(-1),
                n.path("heapPercent").asDouble(-1), n.path("diskReadKb").asDouble(-1), n.path("diskWriteKb").asDouble(-1));
    }

    private static String text(JsonNode n, String field) throws MalformedRecordException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new MalformedRecordException("missing or non-text field '" + field + "'");
        }
        return v.asText();
    }

    private static long instant(JsonNode n, String field) throws MalformedRecordException {
        return instantMillis(text(n, field));
    }

    /**
     * {@code Instant.parse(text).toEpochMilli()}. The form this codec writes ({@code 2026-11-25T13:05:00Z},
     * optionally with 1 to 9 digits of fraction) is read directly, because opening a store reads one or more
     * of them per line and the general parser costs more than the rest of the line; anything else goes to
     * {@link Instant#parse}, which also says what is wrong with it.
     */
    static long instantMillis(String text) {
        int n = text.length();
        if (n >= 20 && n <= 30 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int fraction = 0;
            boolean ok = year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23 && minute >= 0
                    && minute <= 59 && second >= 0 && second <= 59;
            if (n == 20) {
                ok &= text.charAt(19) == 'Z';
            } else {
                ok &= text.charAt(19) == '.' && n > 21;
                int f = ok ? digits(text, 20, n - 1) : -1;
                ok &= f >= 0;
                if (ok) {
                    // the first three digits are the milliseconds; finer digits are truncated, as toEpochMilli does
                    String frac = text.substring(20, n - 1);
                    fraction = Integer.parseInt((frac + "00").substring(0, 3));
                }
            }
            if (ok && day <= java.time.YearMonth.of(year, month).lengthOfMonth()) {
                long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + fraction;
            }
        }
        return Instant.parse(text).toEpochMilli();
    }

    /** The decimal number in {@code text[from, to)}, or -1 if a character there is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static double round(double d) {
        return Math.round(d * 100.0) / 100.0;
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
