package io.mcpmonitor.core.record;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.ErrorCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded summary of the errors of one series in the current flush interval, grouped as the
 * store groups them: by (outcome, error type, message pattern) with one example message per group
 * ({@link ErrorCount#grouped}). At most {@link #MAX_GROUPS} groups are kept; the errors of further
 * groups are counted, per outcome, in one {@link ErrorCount#OTHER_MESSAGE} group, so every error is
 * counted and memory stays bounded whatever the host throws. Messages are cut to
 * {@link #MAX_MESSAGE_CHARS} characters before they are grouped.
 *
 * <p>Thread-safe; synchronized, because it is only touched on the error path, never on success.
 */
final class ErrorSummary {

    // More than a bucket answers (32), so the most frequent of a burst of distinct errors survive the flush.
    static final int MAX_GROUPS = 64;
    static final int MAX_MESSAGE_CHARS = 300;

    // guarded by this
    private Map<String, ErrorCount> entries = new LinkedHashMap<>();
    private int groups;

    synchronized void add(Outcome outcome, String errorType, String message) {
        ErrorCount candidate = ErrorCount.grouped(outcome, trim(errorType), trim(message), 1);
        String key = candidate.key();
        ErrorCount existing = entries.get(key);
        if (existing != null) {
            entries.put(key, existing.plus(candidate));
        } else if (groups < MAX_GROUPS) {
            entries.put(key, candidate);
            groups++;
        } else {
            ErrorCount other = new ErrorCount(outcome, "", ErrorCount.OTHER_MESSAGE, 1);
            entries.merge(other.key(), other, ErrorCount::plus);
        }
    }

    /** Returns what was collected since the last drain and starts afresh. */
    synchronized List<ErrorCount> drain() {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<ErrorCount> out = new ArrayList<>(entries.values());
        entries = new LinkedHashMap<>();
        groups = 0;
        return out;
    }

    private static String trim(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
