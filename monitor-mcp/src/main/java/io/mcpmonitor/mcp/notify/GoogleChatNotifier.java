package io.mcpmonitor.mcp.notify;

import java.net.URI;
import java.time.Duration;

/**
 * A Google Chat incoming webhook ({@code https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…}).
 * Sends {@code text} in Chat's markup ({@code *title*} in bold, then the body). With {@code card} it sends the
 * bold title as text plus a {@code cardsV2} card: header (title; server, severity, kind), the body, and the
 * alert's fields as labelled lines ({@link GoogleChatMessage}).
 *
 * <p>Thread-safe. The URL's key and token are secrets: {@link #describe()} is {@code google_chat:<name>}.
 */
public final class GoogleChatNotifier extends ChatWebhook {

    /**
     * @param name    the channel's name, shown in logs
     * @param url     the space's incoming-webhook URL
     * @param card    send a {@code cardsV2} card under a one-line text
     * @param timeout connect and request timeout, positive
     */
    public GoogleChatNotifier(String name, URI url, boolean card, Duration timeout) {
        this(new Target(name, url, card, timeout, Secrets.NONE));
    }

    /** A channel of the notification config, whose {@code target} carries the config's secrets. */
    GoogleChatNotifier(Target target) {
        super("google_chat", "cardsV2", GoogleChatMessage.FORMAT, target);
    }
}
