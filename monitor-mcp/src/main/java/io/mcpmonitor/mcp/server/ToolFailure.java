package io.mcpmonitor.mcp.server;

/**
 * A tool could not do what was asked for a reason outside the request (the store cannot be
 * written): answered as an {@code isError} result with this message, which says what happened to the
 * request and what to do, and no stack trace in the log.
 */
public final class ToolFailure extends RuntimeException {

    public ToolFailure(String message) {
        super(message, null, false, false);
    }
}
