package io.mcpmonitor.mcp.server;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed, validating access to a tool call's arguments (the JSON object the client sent, as the SDK
 * parsed it). Every getter names the field in the {@link InvalidArgumentException} it throws, with
 * its full path inside batches ({@code metrics[2].duration}).
 *
 * <p>Not thread-safe; one per call.
 */
public final class Arguments {

    /** Longest server or tool name accepted over MCP. */
    public static final int MAX_NAME_LENGTH = 512;

    private final Map<String, Object> values;
    private final String path;

    public Arguments(Map<String, Object> values) {
        this(values == null ? Map.of() : values, "");
    }

    private Arguments(Map<String, Object> values, String path) {
        this.values = values;
        this.path = path;
    }

    private String field(String name) {
        return path + name;
    }

    /** The full path of {@code name} inside the call's arguments, for messages of checks made by the caller. */
    public String pathFor(String name) {
        return field(name);
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** Fails on any argument not in {@code known}, so a typo is not silently ignored. */
    public void rejectUnknown(Set<String> known) throws InvalidArgumentException {
        for (String k : new TreeSet<>(values.keySet())) {
            if (!known.contains(k)) {
                throw new InvalidArgumentException(field(k), "unknown argument; expected one of " + new TreeSet<>(known));
            }
        }
    }

    public String optionalString(String name) throws InvalidArgumentException {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new InvalidArgumentException(field(name), "must be a string, was " + describe(v));
        }
        return s;
    }

    public String requiredString(String name) throws InvalidArgumentException {
        String s = optionalString(name);
        if (s == null) {
            throw new InvalidArgumentException(field(name), "is required");
        }
        return s;
    }

    /** A server or tool name: a non-blank string of at most {@value #MAX_NAME_LENGTH} characters, or null. */
    public String optionalName(String name) throws InvalidArgumentException {
        String s = optionalString(name);
        if (s != null && (s.isBlank() || s.length() > MAX_NAME_LENGTH)) {
            throw new InvalidArgumentException(field(name), s.isBlank() ? "must not be blank"
                    : "must be at most " + MAX_NAME_LENGTH + " characters, was " + s.length());
        }
        return s;
    }

    public String requiredName(String name) throws InvalidArgumentException {
        String s = optionalName(name);
        if (s == null) {
            throw new InvalidArgumentException(field(name), "is required");
        }
        return s;
    }

    public Double optionalNumber(String name) throws InvalidArgumentException {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
            throw new InvalidArgumentException(field(name), "must be a finite number, was " + describe(v));
        }
        return n.doubleValue();
    }

    /**
     * An integer (a JSON number with no fractional part, such as {@code 5} or {@code 5.0}), or null when
     * absent. {@code 123.456} and {@code 5e-324} are refused, never rounded: the schema says integer.
     */
    public Long optionalInteger(String name) throws InvalidArgumentException {
        Double d = optionalNumber(name);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || Math.abs(d) > 9.007199254740992E15) {
            throw new InvalidArgumentException(field(name), "must be an integer, was " + describe(values.get(name)));
        }
        return d.longValue();
    }

    public double requiredNumber(String name) throws InvalidArgumentException {
        Double d = optionalNumber(name);
        if (d == null) {
            throw new InvalidArgumentException(field(name), "is required");
        }
        return d;
    }

    public Boolean optionalBoolean(String name) throws InvalidArgumentException {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw new InvalidArgumentException(field(name), "must be true or false, was " + describe(v));
        }
        return b;
    }

    public boolean requiredBoolean(String name) throws InvalidArgumentException {
        Boolean b = optionalBoolean(name);
        if (b == null) {
            throw new InvalidArgumentException(field(name), "is required");
        }
        return b;
    }

    /** An ISO-8601 instant such as {@code 2026-11-25T10:00:00Z}, or null. */
    public Instant optionalInstant(String name) throws InvalidArgumentException {
        String s = optionalString(name);
        if (s == null) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                at = java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidArgumentException(field(name),
                        "must be an ISO-8601 time such as 2026-11-25T10:00:00Z, was '" + s + "'");
            }
        }
        // Times are kept as epoch milliseconds: beyond these bounds arithmetic on them would overflow.
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new InvalidArgumentException(field(name), "must be between " + EARLIEST + " and " + LATEST + ", was '" + s + "'");
        }
        return at;
    }

    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** A value parsed by {@code parser} (which throws IllegalArgumentException for unknown ones), or {@code fallback}. */
    public <E> E optionalEnum(String name, Function<String, E> parser, E fallback) throws InvalidArgumentException {
        String s = optionalString(name);
        if (s == null) {
            return fallback;
        }
        try {
            return parser.apply(s);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            int colon = msg == null ? -1 : msg.indexOf(": ");
            throw new InvalidArgumentException(field(name), colon > 0 && msg.startsWith(name) ? msg.substring(colon + 2) : msg);
        }
    }

    public Arguments optionalObject(String name) throws InvalidArgumentException {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new InvalidArgumentException(field(name), "must be an object, was " + describe(v));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return new Arguments(typed, field(name) + ".");
    }

    /** A list of objects of at most {@code maxSize} entries, or null when absent. */
    public List<Arguments> optionalObjectList(String name, int maxSize) throws InvalidArgumentException {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw new InvalidArgumentException(field(name), "must be an array, was " + describe(v));
        }
        if (list.isEmpty()) {
            throw new InvalidArgumentException(field(name), "must not be empty");
        }
        if (list.size() > maxSize) {
            throw new InvalidArgumentException(field(name), "has " + list.size() + " entries; at most " + maxSize
                    + " are accepted per call: split the batch");
        }
        List<Arguments> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw new InvalidArgumentException(field(name) + "[" + i + "]", "must be an object, was " + describe(list.get(i)));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) m;
            out.add(new Arguments(typed, field(name) + "[" + i + "]."));
        }
        return out;
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "the string '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return (v instanceof Boolean ? "the boolean " : v instanceof Number ? "the number " : "") + v;
    }
}
