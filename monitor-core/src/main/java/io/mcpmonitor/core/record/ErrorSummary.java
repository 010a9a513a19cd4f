package io.mcpmonitor.core.record;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.ErrorCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded summary of the error messages of one series in the current flush interval: at most
 * {@link #MAX_DISTINCT} distinct (outcome, type, message) entries with counts; further distinct
 * errors are counted under one "other" entry so memory stays bounded whatever the host throws.
 * Messages are cut to {@link #MAX_MESSAGE_CHARS} characters.
 *
 * <p>Thread-safe; synchronized, because it is only touched on the error path, never on success.
 */
final class ErrorSummary {

    static final int MAX_DISTINCT = 16;
    static final int MAX_MESSAGE_CHARS = 300;
    static final String OTHER_MESSAGE = "(other errors, not itemised)";

    // guarded by this
    private Map<String, ErrorCount> entries = new LinkedHashMap<>();

    synchronized void add(Outcome outcome, String errorType, String message) {
        ErrorCount candidate = new ErrorCount(outcome, trim(errorType), trim(message), 1);
        String key = candidate.key();
        ErrorCount existing = entries.get(key);
        if (existing != null) {
            entries.put(key, existing.plus(1));
        } else if (entries.size() < MAX_DISTINCT) {
            entries.put(key, candidate);
        } else {
            ErrorCount other = new ErrorCount(outcome, "", OTHER_MESSAGE, 1);
            entries.merge(other.key(), other, (a, b) -> a.plus(b.count()));
        }
    }

    /** Returns what was collected since the last drain and starts afresh. */
    synchronized List<ErrorCount> drain() {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<ErrorCount> out = new ArrayList<>(entries.values());
        entries = new LinkedHashMap<>();
        return out;
    }

    private static String trim(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
