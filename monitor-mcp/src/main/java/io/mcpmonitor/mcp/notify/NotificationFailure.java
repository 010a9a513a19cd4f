package io.mcpmonitor.mcp.notify;

/**
 * A notification was not delivered. The message names the channel and the reason and contains no secret: channels
 * build it from scrubbed text only and do not chain the original exception (its message may quote a URL with a
 * token), but copy its stack trace so the failing frame stays visible.
 */
public final class NotificationFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure with a message already free of secrets. */
    public NotificationFailure(String message) {
        super(message);
    }
}
