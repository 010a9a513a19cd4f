package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Utf8;
import java.util.Collection;
import java.util.Map;

/**
 * The length in bytes of a value written as compact JSON (UTF-8), computed by walking it rather than writing
 * it: the structured content of a tool result, which the SDK's JSON mapper holds as maps, lists, strings,
 * numbers, booleans and nulls. Only those types are walked, so no getter of a host object ever runs; a value of
 * any other type counts as 0 bytes and is reported by {@link Length#complete()}. Nesting deeper than
 * {@value #MAX_DEPTH} levels (a cycle) stops the walk there, likewise.
 *
 * <p>Stateless and thread-safe. Runs off the host's threads ({@link StructuredSizer}).
 */
final class JsonLength {

    static final int MAX_DEPTH = 64;

    /** The bytes counted, and whether every part of the value could be counted. */
    record Length(long bytes, boolean complete) {
    }

    private JsonLength() {
    }

    static Length of(Object value) {
        long[] incomplete = new long[1];
        long bytes = walk(value, 0, incomplete);
        return new Length(bytes, incomplete[0] == 0);
    }

    private static long walk(Object v, int depth, long[] incomplete) {
        if (depth > MAX_DEPTH) {
            incomplete[0]++;
            return 0;
        }
        if (v == null) {
            return 4;
        }
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Boolean b) {
            return b ? 4 : 5;
        }
        if (v instanceof Number n) {
            return n.toString().length();
        }
        if (v instanceof Map<?, ?> map) {
            long bytes = 2; // {}
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                bytes += (first ? 0 : 1) + string(String.valueOf(e.getKey())) + 1 + walk(e.getValue(), depth + 1, incomplete);
                first = false;
            }
            return bytes;
        }
        if (v instanceof Collection<?> list) {
            long bytes = 2; // []
            boolean first = true;
            for (Object e : list) {
                bytes += (first ? 0 : 1) + walk(e, depth + 1, incomplete);
                first = false;
            }
            return bytes;
        }
        incomplete[0]++;
        return 0;
    }

    /** A JSON string literal: quotes, escapes as Jackson writes them, UTF-8 otherwise. */
    static long string(String s) {
        long bytes = 2 + Utf8.length(s);
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                bytes++; // a backslash before the character (or its letter)
            } else if (c < 0x20) {
                bytes += 5; // \\u00XX instead of one byte
            }
        }
        return bytes;
    }
}
