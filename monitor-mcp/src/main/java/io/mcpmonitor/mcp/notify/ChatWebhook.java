package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notifier;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A chat service's incoming webhook: one JSON POST per notification to a URL that is itself the secret, so
 * {@link #describe()} names only the service and the channel ({@code slack:ops}). A subclass says what the
 * message looks like, plain or rich (blocks, cards). Thread-safe.
 */
abstract class ChatWebhook implements Notifier {

    private final String description;
    private final boolean rich;
    private final HttpJsonSender sender;

    /**
     * @param service the service's name in {@link #describe()}, e.g. {@code slack}
     * @param name    the channel's name, shown in logs
     * @param url     the incoming-webhook URL
     * @param rich    send the service's rich message, not only its text
     * @param timeout connect and request timeout, positive
     */
    ChatWebhook(String service, String name, URI url, boolean rich, Duration timeout, Secrets secrets) {
        this.description = service + ":" + name;
        this.rich = rich;
        this.sender = new HttpJsonSender(description, url, Map.of(), timeout, secrets);
    }

    /** The JSON message for {@code n}: the plain text only, or with the rich parts too. */
    abstract Map<String, Object> message(Notification n, boolean rich);

    @Override
    public final String describe() {
        return description;
    }

    @Override
    public final void send(Notification n) throws NotificationFailure {
        sender.post(NotificationJson.write(message(n, rich)));
    }

    /** The URL with its secret parts replaced, for logs and the redacted configuration. */
    public final String redactedUrl() {
        return sender.redactedUrl();
    }
}
