package io.mcpmonitor.mcp.notify;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to one JSON object of the config (a channel, or the top level), with {@code ${env:NAME}} resolved in
 * every string and each resolved value remembered as a secret. Errors are {@link IllegalArgumentException}s that
 * name the object and the field but never quote a value. Not thread-safe; used while parsing only.
 */
final class ConfigFields {

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private final String where;
    private final JsonNode node;
    private final Function<String, String> env;
    private final Set<String> read = new HashSet<>();
    private final List<String> secretValues = new ArrayList<>();

    /**
     * @param where names the object in messages, e.g. {@code channels[1] (ops)}
     * @param env   environment lookup; returns null for an unset variable
     */
    ConfigFields(String where, JsonNode node, Function<String, String> env) {
        this.where = where;
        this.node = node;
        this.env = env;
    }

    String where() {
        return where;
    }

    IllegalArgumentException error(String field, String problem) {
        return new IllegalArgumentException("notification config: " + where + ": field '" + field + "': " + problem);
    }

    boolean has(String field) {
        return node.hasNonNull(field);
    }

    private JsonNode get(String field) {
        read.add(field);
        return node.get(field);
    }

    /** Absent or null → {@code dflt}. */
    String string(String field, String dflt) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw error(field, "must be a string");
        }
        return resolve(field, v.asText());
    }

    String requiredString(String field) {
        String s = string(field, "");
        if (s.isBlank()) {
            throw error(field, "is required");
        }
        return s;
    }

    URI url(String field) {
        String s = requiredString(field);
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw error(field, "is not a valid URL (the value is not shown: it may hold a token)");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw error(field, "must be an absolute http:// or https:// URL");
        }
        return u;
    }

    boolean bool(String field, boolean dflt) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw error(field, "must be true or false");
        }
        return v.booleanValue();
    }

    int integer(String field, int dflt, int min, int max) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw error(field, "must be a whole number from " + min + " to " + max);
        }
        return v.intValue();
    }

    /** A duration given in milliseconds (the field's name ends in {@code Ms}). */
    Duration millis(String field, Duration dflt, long minMillis) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < minMillis) {
            throw error(field, "must be a whole number of milliseconds, at least " + minMillis);
        }
        return Duration.ofMillis(v.longValue());
    }

    List<String> strings(String field, boolean required) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw error(field, "is required (a list of strings)");
            }
            return List.of();
        }
        if (!v.isArray()) {
            throw error(field, "must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw error(field + "[" + i + "]", "must be a string");
            }
            out.add(resolve(field + "[" + i + "]", v.get(i).asText()));
        }
        if (required && out.isEmpty()) {
            throw error(field, "must not be empty");
        }
        return out;
    }

    /** An object of string values; every value is a secret (headers, environment). */
    Map<String, String> secretStringMap(String field) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw error(field, "must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isTextual()) {
                throw error(field + "." + e.getKey(), "must be a string");
            }
            String value = resolve(field + "." + e.getKey(), e.getValue().asText());
            secretValues.add(value);
            out.put(e.getKey(), value);
        }
        return out;
    }

    /** A JSON object as plain values, with {@code ${env:…}} resolved in its strings. */
    Map<String, Object> object(String field) {
        JsonNode v = get(field);
        if (v == null || v.isNull()) {
            throw error(field, "is required (a JSON object)");
        }
        if (!v.isObject()) {
            throw error(field, "must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) plain(field, v);
        return m;
    }

    private Object plain(String path, JsonNode v) {
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                m.put(e.getKey(), plain(path + "." + e.getKey(), e.getValue()));
            }
            return m;
        }
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                l.add(plain(path + "[" + i + "]", v.get(i)));
            }
            return l;
        }
        if (v.isTextual()) {
            return resolve(path, v.asText());
        }
        return NotificationJson.MAPPER.convertValue(v, Object.class);
    }

    /** Replaces each {@code ${env:NAME}}; the values read so become secrets. */
    private String resolve(String field, String raw) {
        Matcher m = ENV.matcher(raw);
        if (!m.find()) {
            return raw;
        }
        m.reset();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw error(field, "environment variable " + m.group(1) + " is not set");
            }
            secretValues.add(value);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Counts {@code field} as known although it was read by other means. */
    void markRead(String field) {
        read.add(field);
    }

    /** Marks a value read from this object as a secret, however it was given. */
    String secret(String value) {
        secretValues.add(value);
        return value;
    }

    Secrets secrets() {
        return Secrets.of(secretValues);
    }

    /** Rejects fields that were never read (typos such as {@code pasword}); keys starting with "_" are comments. */
    void rejectUnknown() {
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!read.contains(f) && !f.startsWith("_")) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("notification config: " + where + ": unknown field(s) " + unknown
                    + " (keys starting with '_' are ignored as comments)");
        }
    }
}
