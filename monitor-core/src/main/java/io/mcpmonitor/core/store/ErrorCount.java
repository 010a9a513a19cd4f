package io.mcpmonitor.core.store;

import io.mcpmonitor.core.call.Outcome;

/**
 * One line of an error summary: how many calls ended with this outcome, error type and message
 * in an interval. {@code errorType} and {@code message} are empty strings when unknown, never null.
 */
public record ErrorCount(Outcome outcome, String errorType, String message, long count) {

    public ErrorCount {
        java.util.Objects.requireNonNull(outcome, "outcome");
        errorType = errorType == null ? "" : errorType;
        message = message == null ? "" : message;
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
    }

    /** Same error with the count added. */
    public ErrorCount plus(long more) {
        return new ErrorCount(outcome, errorType, message, count + more);
    }

    /** Most frequent first; ties in a stable order (outcome, type, message), so answers never depend on reading order. */
    public static final java.util.Comparator<ErrorCount> MOST_FREQUENT_FIRST = java.util.Comparator
            .comparingLong(ErrorCount::count).reversed()
            .thenComparing(ErrorCount::outcome).thenComparing(ErrorCount::errorType).thenComparing(ErrorCount::message);

    /** The identity of the error, without its count. */
    public String key() {
        return outcome.wireName() + '\u0000' + errorType + '\u0000' + message;
    }
}
