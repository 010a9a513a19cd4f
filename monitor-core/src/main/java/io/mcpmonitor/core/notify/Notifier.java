package io.mcpmonitor.core.notify;

/**
 * A notification channel: a webhook, a chat, e-mail, a tool on another MCP server. {@link #send}
 * delivers one notification or throws; retries, backoff and isolation between channels are the
 * dispatcher's job, not the channel's.
 *
 * <p>Implementations must be thread-safe and must never put a secret (URL with a token, password,
 * bearer token) in an exception message or {@link #describe()}.
 */
public interface Notifier {

    /** A short name for logs and tool answers, e.g. {@code slack:ops} — never a secret. */
    String describe();

    /** Delivers {@code n}; throws if it was not accepted (non-2xx answer, SMTP refusal, tool error, ...). */
    void send(Notification n) throws Exception;

    /** A channel that accepts and drops everything. */
    Notifier NOOP = new Notifier() {
        @Override
        public String describe() {
            return "noop";
        }

        @Override
        public void send(Notification n) {
        }
    };
}
