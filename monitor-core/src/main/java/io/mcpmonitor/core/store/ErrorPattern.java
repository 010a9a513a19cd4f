package io.mcpmonitor.core.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one normaliser of error messages: messages that differ only by the variable parts a host
 * puts into them (numbers, ids, URL and file path segments, quoted values) map to one pattern, so
 * they are counted as one group everywhere (the store, queries, reports, anomaly explanations,
 * alerts). Placeholders: {@code #} for a number, {@code <id>} for a UUID or a hexadecimal id of 8+
 * digits, {@code scheme://host/<path>} for a URL's path and query (the host is kept: it names the
 * backend), {@code <path>} for a file path of two or more segments, {@code "…"} and {@code '…'} for a
 * quoted value.
 *
 * <p>Pure and thread-safe. Idempotent: {@code of(of(m)).equals(of(m))}, so data normalised when it was
 * recorded and old data normalised when it is read end up in the same group.
 */
public final class ErrorPattern {

    private static final Pattern VARIABLE = Pattern.compile(
            "(?<url>[A-Za-z][A-Za-z0-9+.-]*://[^/\\s\"'<>]+)(?<urlpath>/[^\\s\"'<>]*)?"
            + "|(?<dq>\"[^\"\\n]*\")"
            + "|(?<sq>(?<![\\w])'[^'\\n]*'(?![\\w]))"
            + "|(?<uuid>\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b)"
            + "|(?<hex>\\b(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b)"
            + "|(?<path>(?<![\\w.])(?:~|\\.{1,2})?(?:/[^\\s/\"'<>:,;()\\[\\]]+){2,}/?)"
            + "|(?<num>\\d+(?:[.,]\\d+)*(?:[eE][-+]?\\d+)?)");

    // Patterns of messages met recently. Reading a store normalises every error entry of every line, and
    // the same few messages come back on thousands of lines: the regular expression runs once per
    // message, not once per line. Bounded: cleared whole when full (the function is pure, so a miss only
    // costs the regular expression again).
    private static final int MEMO_LIMIT = 4096;
    private static final java.util.concurrent.ConcurrentHashMap<String, String> MEMO = new java.util.concurrent.ConcurrentHashMap<>();

    private ErrorPattern() {
    }

    /** The pattern of {@code message}; {@code ""} for null or empty. */
    public static String of(String message) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        String known = MEMO.get(message);
        if (known != null) {
            return known;
        }
        String pattern = compute(message);
        if (MEMO.size() >= MEMO_LIMIT) {
            MEMO.clear();
        }
        MEMO.put(message, pattern);
        return pattern;
    }

    private static String compute(String message) {
        Matcher m = VARIABLE.matcher(message);
        if (!m.find()) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(placeholder(m)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    private static String placeholder(Matcher m) {
        if (m.group("url") != null) {
            String path = m.group("urlpath");
            return path == null || path.length() <= 1 ? m.group() : m.group("url") + "/<path>";
        }
        if (m.group("dq") != null) {
            return "\"…\"";
        }
        if (m.group("sq") != null) {
            return "'…'";
        }
        if (m.group("uuid") != null || m.group("hex") != null) {
            return "<id>";
        }
        if (m.group("path") != null) {
            return "<path>";
        }
        return "#";
    }
}
