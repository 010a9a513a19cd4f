package io.mcpmonitor.core.store;

import io.mcpmonitor.core.call.McpMethod;
import io.mcpmonitor.core.call.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@code calls} line (checksum already removed) of the shape {@link RecordCodec} writes, straight
 * into a {@link CallRecord}, without building a JSON tree: opening a store reads thousands of them (the
 * summaries of a day, the minute lines of the current hour), and in a fresh process the general JSON
 * machinery, still running interpreted, cost most of that.
 *
 * <p>It takes only what it is sure of: an object of the fields the codec writes, each once, with string,
 * whole-number, object and array values as the codec writes them (whitespace between tokens allowed).
 * For anything else — another type of line, an unknown or repeated field, a number with a fraction,
 * {@code true}, {@code null}, trailing text, a value it would have to judge — it answers {@code null}, and the
 * caller reads the line with the general decoder, which gives the same record for every line this one reads
 * (a test compares them) and words the error of a line that is not valid.
 *
 * <p>Stateless and thread-safe.
 */
final class CallsLineReader {

    /** A calls line and, for a summary's series line, its first and last minute (else {@link Long#MIN_VALUE}). */
    record Read(CallRecord record, long firstMinuteMillis, long lastMinuteMillis) {
    }

    private static final Outcome[] OUTCOMES = Outcome.values();

    private final String s;
    private int at;

    private CallsLineReader(String s) {
        this.s = s;
    }

    /** The line read, or null when the general decoder must read it. */
    static Read read(String line) {
        try {
            return new CallsLineReader(line).line();
        } catch (Bail | RuntimeException e) {
            return null; // not a shape taken here (or not valid at all): the general decoder says which
        }
    }

    /** Thrown inside the reader when the line is not of a shape it takes. */
    private static final class Bail extends Exception {
        private static final Bail INSTANCE = new Bail();

        private Bail() {
            super(null, null, false, false);
        }
    }

    // The fields taken, in the order of the bits below.
    private static final String[] FIELDS = {"v", "type", "res", "start", "server", "tool", "method", "outcomes", "hist",
        "sumNanos", "resultBytes", "clients", "clientErrors", "errors", "firstMinute", "lastMinute"};
    private static final String[] ERROR_FIELDS = {"outcome", "type", "message", "example", "count"};
    private static final int V = 1;
    private static final int TYPE = 1 << 1;
    private static final int RES = 1 << 2;
    private static final int START = 1 << 3;
    private static final int SERVER = 1 << 4;
    private static final int TOOL = 1 << 5;
    private static final int METHOD = 1 << 6;
    private static final int OUTCOMES_FIELD = 1 << 7;
    private static final int HIST = 1 << 8;
    private static final int SUM = 1 << 9;
    private static final int RESULT_BYTES = 1 << 10;
    private static final int CLIENTS = 1 << 11;
    private static final int CLIENT_ERRORS = 1 << 12;
    private static final int ERRORS = 1 << 13;
    private static final int FIRST = 1 << 14;
    private static final int LAST = 1 << 15;

    private Read line() throws Bail {
        int seen = 0;
        String res = null;
        String start = null;
        String server = null;
        String tool = null;
        String method = McpMethod.TOOLS_CALL;
        String hist = null;
        long[] counts = new long[OUTCOMES.length];
        long sum = CallRecord.UNKNOWN_SUM;
        ResultSizes sizes = ResultSizes.EMPTY;
        Map<String, Long> clients = new TreeMap<>();
        Map<String, Long> clientErrors = new TreeMap<>();
        List<ErrorCount> errors = new ArrayList<>();
        long first = Long.MIN_VALUE;
        long last = Long.MIN_VALUE;
        expect('{');
        if (peek() == '}') {
            throw Bail.INSTANCE;
        }
        do {
            int field = 1 << key(FIELDS);
            if ((seen & field) != 0) {
                throw Bail.INSTANCE;
            }
            seen |= field;
            switch (field) {
                case V -> {
                    long v = number();
                    if (v < 1 || v > RecordCodec.FORMAT_VERSION) {
                        throw Bail.INSTANCE;
                    }
                }
                case TYPE -> {
                    if (!string().equals("calls")) {
                        throw Bail.INSTANCE;
                    }
                }
                case RES -> res = string();
                case START -> start = string();
                case SERVER -> server = string();
                case TOOL -> tool = string();
                case METHOD -> method = string();
                case OUTCOMES_FIELD -> outcomes(counts);
                case HIST -> hist = string();
                case SUM -> sum = number();
                case RESULT_BYTES -> sizes = resultBytes();
                case CLIENTS -> counts(clients);
                case CLIENT_ERRORS -> counts(clientErrors);
                case ERRORS -> errors(errors);
                case FIRST -> first = RecordCodec.instantMillis(string());
                case LAST -> last = RecordCodec.instantMillis(string());
                default -> throw Bail.INSTANCE;
            }
        } while (comma('}'));
        skipSpace();
        if (at != s.length() || (seen & (V | TYPE | RES | START | SERVER | TOOL | HIST)) != (V | TYPE | RES | START | SERVER | TOOL | HIST)
                || (seen & (FIRST | LAST)) == FIRST || (seen & (FIRST | LAST)) == LAST) {
            throw Bail.INSTANCE;
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        // Decoded when a query first needs it: opening a big store must not decode every minute.
        SparseHistogram histogram = SparseHistogram.decodeLazily(hist, total);
        CallRecord r = new CallRecord(Resolution.fromWireName(res), RecordCodec.instantMillis(start), server, tool, counts,
                histogram, errors, sum, clients, sizes, method, clientErrors);
        return new Read(r, first, last);
    }

    private void outcomes(long[] counts) throws Bail {
        expect('{');
        if (peek() == '}') {
            at++;
            return;
        }
        long seen = 0;
        do {
            Outcome o = Outcome.fromWireName(string());
            expect(':');
            if ((seen & (1L << o.ordinal())) != 0) {
                throw Bail.INSTANCE;
            }
            seen |= 1L << o.ordinal();
            counts[o.ordinal()] = number();
        } while (comma('}'));
    }

    private void counts(Map<String, Long> out) throws Bail {
        expect('{');
        if (peek() == '}') {
            at++;
            return;
        }
        do {
            String k = string();
            expect(':');
            if (out.put(k, number()) != null) {
                throw Bail.INSTANCE;
            }
        } while (comma('}'));
    }

    private ResultSizes resultBytes() throws Bail {
        expect('{');
        long total = -1;
        long max = -1;
        String hist = null;
        if (peek() == '}') {
            throw Bail.INSTANCE;
        }
        do {
            String k = string();
            expect(':');
            switch (k) {
                case "total" -> {
                    if (total >= 0) {
                        throw Bail.INSTANCE;
                    }
                    total = number();
                }
                case "max" -> {
                    if (max >= 0) {
                        throw Bail.INSTANCE;
                    }
                    max = number();
                }
                case "hist" -> {
                    if (hist != null) {
                        throw Bail.INSTANCE;
                    }
                    hist = string();
                }
                default -> throw Bail.INSTANCE;
            }
        } while (comma('}'));
        if (total < 0 || max < 0 || hist == null) {
            throw Bail.INSTANCE;
        }
        return new ResultSizes(SparseHistogram.decode(hist), total, max);
    }

    private void errors(List<ErrorCount> out) throws Bail {
        expect('[');
        if (peek() == ']') {
            at++;
            return;
        }
        do {
            expect('{');
            String outcome = null;
            String type = null;
            String message = null;
            String example = null;
            long count = -1;
            if (peek() == '}') {
                throw Bail.INSTANCE;
            }
            do {
                switch (key(ERROR_FIELDS)) {
                    case 0 -> outcome = once(outcome, string());
                    case 1 -> type = once(type, string());
                    case 2 -> message = once(message, string());
                    case 3 -> example = once(example, string());
                    case 4 -> {
                        if (count >= 0) {
                            throw Bail.INSTANCE;
                        }
                        count = number();
                    }
                    default -> throw Bail.INSTANCE;
                }
            } while (comma('}'));
            if (outcome == null || type == null || message == null || count < 0) {
                throw Bail.INSTANCE;
            }
            out.add(new ErrorCount(Outcome.fromWireName(outcome), type, message, count, example == null ? "" : example));
        } while (comma(']'));
    }

    /**
     * The index in {@code names} of the member name at the reading position, and the position moved past its
     * colon; a name not among them (or written with an escape) is not taken here.
     */
    private int key(String[] names) throws Bail {
        skipSpace();
        if (s.charAt(at) != '"') {
            throw Bail.INSTANCE;
        }
        int from = at + 1;
        for (int i = 0; i < names.length; i++) {
            String n = names[i];
            int end = from + n.length();
            if (end < s.length() && s.charAt(end) == '"' && s.startsWith(n, from)) {
                at = end + 1;
                expect(':');
                return i;
            }
        }
        throw Bail.INSTANCE;
    }

    private static String once(String before, String value) throws Bail {
        if (before != null) {
            throw Bail.INSTANCE;
        }
        return value;
    }

    /** After a value: true on a comma (another member follows), false on {@code close}. */
    private boolean comma(char close) throws Bail {
        skipSpace();
        char c = s.charAt(at++);
        if (c == ',') {
            return true;
        }
        if (c == close) {
            return false;
        }
        throw Bail.INSTANCE;
    }

    private void expect(char c) throws Bail {
        skipSpace();
        if (s.charAt(at++) != c) {
            throw Bail.INSTANCE;
        }
    }

    private char peek() {
        skipSpace();
        return s.charAt(at);
    }

    private void skipSpace() {
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    /** A whole number of at most 18 digits, not negative, without a leading zero (JSON has none). */
    private long number() throws Bail {
        skipSpace();
        int from = at;
        long v = 0;
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            at++;
        }
        int n = at - from;
        if (n == 0 || n > 18 || (n > 1 && s.charAt(from) == '0')) {
            throw Bail.INSTANCE;
        }
        char next = at < s.length() ? s.charAt(at) : ',';
        if (next == '.' || next == 'e' || next == 'E') {
            throw Bail.INSTANCE;
        }
        return v;
    }

    private String string() throws Bail {
        skipSpace();
        if (s.charAt(at) != '"') {
            throw Bail.INSTANCE;
        }
        int from = ++at;
        while (true) {
            char c = s.charAt(at);
            if (c == '"') {
                return s.substring(from, at++);
            }
            if (c == '\\') {
                return escaped(from);
            }
            if (c < 0x20) {
                throw Bail.INSTANCE; // JSON wants control characters escaped
            }
            at++;
        }
    }

    /** The rest of a string from its first backslash, {@code from} being where the string's text began. */
    private String escaped(int from) throws Bail {
        StringBuilder b = new StringBuilder(s.length() - from);
        b.append(s, from, at);
        while (true) {
            char c = s.charAt(at++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw Bail.INSTANCE;
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(at++), 16);
                        if (d < 0) {
                            throw Bail.INSTANCE;
                        }
                        v = v * 16 + d;
                    }
                    b.append((char) v);
                }
                default -> throw Bail.INSTANCE;
            }
        }
    }
}
