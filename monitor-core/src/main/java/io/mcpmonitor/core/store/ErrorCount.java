package io.mcpmonitor.core.store;

import io.mcpmonitor.core.call.Outcome;

/**
 * One group of an error summary: how many calls ended with this outcome, error type and message
 * pattern in an interval, with one example of the messages of the group. {@code message} is the
 * group's pattern ({@link ErrorPattern#of}) once recorded or read from the store; {@code example} is
 * one real message of the group (the smallest in string order, so which one never depends on the
 * order data was merged in). Both are empty strings when unknown, never null.
 */
public record ErrorCount(Outcome outcome, String errorType, String message, long count, String example) {

    /** The message of the overflow group, for the errors beyond the cap of groups of a series. */
    public static final String OTHER_MESSAGE = "(other errors)";

    public ErrorCount {
        java.util.Objects.requireNonNull(outcome, "outcome");
        errorType = errorType == null ? "" : errorType;
        message = message == null ? "" : message;
        example = example == null || example.isEmpty() ? message : example;
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
    }

    /** An error whose message is its own example. */
    public ErrorCount(Outcome outcome, String errorType, String message, long count) {
        this(outcome, errorType, message, count, message);
    }

    /** The group of a raw message: the message becomes the example, its pattern the message. */
    public static ErrorCount grouped(Outcome outcome, String errorType, String rawMessage, long count) {
        String raw = rawMessage == null ? "" : rawMessage;
        return new ErrorCount(outcome, errorType, ErrorPattern.of(raw), count, raw);
    }

    /** This error with its message normalised to its pattern (the example kept); itself if already so. */
    public ErrorCount normalised() {
        String pattern = ErrorPattern.of(message);
        return pattern.equals(message) ? this : new ErrorCount(outcome, errorType, pattern, count, example);
    }

    /** Same error with the count added. */
    public ErrorCount plus(long more) {
        return new ErrorCount(outcome, errorType, message, count + more, example);
    }

    /** Both counts summed; the example is the smaller of the two, so merging is order-independent. */
    public ErrorCount plus(ErrorCount other) {
        String ex = example.compareTo(other.example) <= 0 ? example : other.example;
        return new ErrorCount(outcome, errorType, message, count + other.count, ex);
    }

    /** Most frequent first; ties in a stable order (outcome, type, message), so answers never depend on reading order. */
    public static final java.util.Comparator<ErrorCount> MOST_FREQUENT_FIRST = java.util.Comparator
            .comparingLong(ErrorCount::count).reversed()
            .thenComparing(ErrorCount::outcome).thenComparing(ErrorCount::errorType).thenComparing(ErrorCount::message);

    /** The identity of the group, without its count or example. */
    public String key() {
        return outcome.wireName() + '\u0000' + errorType + '\u0000' + message;
    }
}
