package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notifier;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chat service's incoming webhook: one JSON POST per notification to a URL that is itself the secret, so
 * {@link #describe()} names only the service and the channel ({@code slack:ops}). The message is a
 * {@code text}, what notifications and clients without rich messages show, and, when enabled, the service's
 * rich part after it (Slack's blocks, Google Chat's cards); the service's {@link Format} writes both. The
 * public channel types extend this class with their constructors only. Thread-safe.
 */
abstract class ChatWebhook implements Notifier {

    /** What one chat service makes of a notification, in its own markup. Stateless. */
    interface Format {

        /**
         * The message's {@code text}.
         *
         * @param body {@link MessageText#body} of {@code n}
         * @param rich whether the rich part follows it
         */
        String text(Notification n, String body, boolean rich);

        /** The rich part of the message for {@code n} (what goes into the message's rich field). */
        Object richPart(Notification n, String body);
    }

    /**
     * The webhook a chat channel posts to, and how.
     *
     * @param name    the channel's name, shown in logs
     * @param url     the incoming-webhook URL
     * @param rich    send the service's rich part, not only its text
     * @param timeout connect and request timeout, positive
     * @param secrets what else failure messages must not show besides the URL's parts: the values a
     *                configuration file read from the environment ({@link Secrets#NONE} for a channel built in code)
     */
    record Target(String name, URI url, boolean rich, Duration timeout, Secrets secrets) {
    }

    private final String description;
    private final Format format;
    private final boolean rich;
    private final String richField;
    private final HttpJsonSender sender;

    /**
     * @param service   the service's name in {@link #describe()}, e.g. {@code slack}
     * @param richField the message's field for the rich part, e.g. {@code blocks}
     */
    ChatWebhook(String service, String richField, Format format, Target target) {
        this.description = service + ":" + target.name();
        this.format = format;
        this.rich = target.rich();
        this.richField = richField;
        this.sender = new HttpJsonSender(description, target.url(), Map.of(), target.timeout(), target.secrets());
    }

    /** The JSON message for {@code n}: the text, and the rich part when enabled. */
    final Map<String, Object> message(Notification n) {
        String body = MessageText.body(n);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", format.text(n, body, rich));
        if (rich) {
            m.put(richField, format.richPart(n, body));
        }
        return m;
    }

    @Override
    public final String describe() {
        return description;
    }

    @Override
    public final void send(Notification n) throws NotificationFailure {
        sender.post(NotificationJson.write(message(n)));
    }

    /** The URL with its secret parts replaced, for logs and the redacted configuration. */
    public final String redactedUrl() {
        return sender.redactedUrl();
    }
}
