package io.mcpmonitor.examples.server;

import java.util.Map;
import java.util.Optional;

/**
 * Typed read access to the {@code arguments} of one {@code tools/call}, as parsed from JSON.
 *
 * <p>Immutable, thread-safe, one instance per call. The SDK has already checked the arguments against the
 * tool's input schema; these methods still reject a missing or mistyped value with an
 * {@link IllegalArgumentException} naming the argument, in case validation is turned off.
 *
 * <pre>{@code
 * long delayMillis = ToolArguments.of(request.arguments()).requiredLong("delayMs");
 * }</pre>
 */
final class ToolArguments {

    private final Map<String, Object> values;

    private ToolArguments(Map<String, Object> values) {
        this.values = values;
    }

    /** Wraps the arguments of a call; a call without arguments has none. */
    static ToolArguments of(Map<String, Object> arguments) {
        return new ToolArguments(arguments == null ? Map.of() : arguments);
    }

    String requiredString(String name) {
        return optionalString(name).orElseThrow(() -> missing(name));
    }

    Optional<String> optionalString(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        throw mistyped(name, "a string", value);
    }

    long requiredLong(String name) {
        return optionalLong(name).orElseThrow(() -> missing(name));
    }

    Optional<Long> optionalLong(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return Optional.of(((Number) value).longValue());
        }
        throw mistyped(name, "an integer", value);
    }

    double requiredDouble(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw missing(name);
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw mistyped(name, "a number", value);
    }

    /** Reads a {@code delayMs}-style argument and checks it lies within 0..{@code maxMillis}. */
    long requiredMillis(String name, long maxMillis) {
        long millis = requiredLong(name);
        if (millis < 0 || millis > maxMillis) {
            throw new IllegalArgumentException(
                    "argument '" + name + "' must be between 0 and " + maxMillis + " ms, was " + millis);
        }
        return millis;
    }

    private static IllegalArgumentException missing(String name) {
        return new IllegalArgumentException("argument '" + name + "' is required");
    }

    private static IllegalArgumentException mistyped(String name, String expected, Object value) {
        return new IllegalArgumentException(
                "argument '" + name + "' must be " + expected + ", was " + value.getClass().getSimpleName()
                        + " '" + value + "'");
    }
}
