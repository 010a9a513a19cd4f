package io.mcpmonitor.core.call;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/**
 * How one tool call ended. Outcomes are never folded together: the error rate counts every
 * outcome but {@link #SUCCESS}, and each class stays queryable on its own.
 *
 * <p>The {@link #wireName()} is the name used in the store, in tool answers and in exports.
 */
public enum Outcome implements WireNamed {
    /** The tool returned a normal result. */
    SUCCESS,
    /** The tool returned a result with {@code isError: true}: a failure reported as data. */
    TOOL_ERROR,
    /** The handler threw; the caller saw a JSON-RPC error. The error type names the exception. */
    EXCEPTION,
    /** The client called a tool the server does not have. */
    UNKNOWN_TOOL,
    /** The arguments did not match the tool's input schema; the tool never ran. */
    INVALID_ARGUMENTS,
    /** The client cancelled the call before it completed. */
    CANCELLED,
    /** The call did not complete within the time allowed. */
    TIMEOUT;

    private static final Outcome[] VALUES = values();

    /** {@code true} for every outcome but {@link #SUCCESS}. */
    public boolean isError() {
        return this != SUCCESS;
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static Outcome fromWireName(String name) {
        return WireNames.parse(Outcome.class, name,
                (v, names) -> "unknown outcome '" + v + "'; expected one of " + names);
    }

    /** How many outcomes there are: the length of an array indexed by {@link #ordinal()}. */
    public static int count() {
        return VALUES.length;
    }
}
