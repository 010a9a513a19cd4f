package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Google Chat incoming webhook ({@code https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…}).
 * Sends {@code text} in Chat's markup ({@code *title*} in bold, then the body). With {@code card} it sends the
 * bold title as text plus a {@code cardsV2} card: header (title; server, severity, kind), the body, and the
 * alert's fields as labelled lines.
 *
 * <p>Thread-safe. The URL's key and token are secrets: {@link #describe()} is {@code google_chat:<name>}.
 */
public final class GoogleChatNotifier extends ChatWebhook {

    static final int MAX_FIELDS = 12;
    static final int MAX_TEXT_CHARS = 4000;

    /**
     * @param name    the channel's name, shown in logs
     * @param url     the space's incoming-webhook URL
     * @param card    send a {@code cardsV2} card under a one-line text
     * @param timeout connect and request timeout, positive
     */
    public GoogleChatNotifier(String name, URI url, boolean card, Duration timeout) {
        this(name, url, card, timeout, Secrets.NONE);
    }

    GoogleChatNotifier(String name, URI url, boolean card, Duration timeout, Secrets secrets) {
        super("google_chat", name, url, card, "cardsV2", timeout, secrets);
    }

    @Override
    String text(Notification n, String body, boolean withCard) {
        String bold = "*" + n.title().replace("*", "∗") + "*";
        return withCard ? bold
                : MessageText.truncate(bold + (body.isEmpty() ? "" : "\n" + body) + "\n" + MessageText.context(n), MAX_TEXT_CHARS);
    }

    @Override
    List<Object> richPart(Notification n, String body) {
        List<Object> widgets = new ArrayList<>();
        if (!body.isEmpty()) {
            widgets.add(Map.of("textParagraph",
                    Map.of("text", MessageText.truncate(html(body), MAX_TEXT_CHARS).replace("\n", "<br>"))));
        }
        for (Map.Entry<String, Object> f : n.fields().entrySet()) {
            String value = MessageText.value(f.getValue());
            if (widgets.size() > MAX_FIELDS || value.isEmpty()) {
                continue;
            }
            widgets.add(Map.of("decoratedText", Map.of("topLabel", html(f.getKey()), "text", html(value))));
        }
        String subtitle = (n.server().isEmpty() ? "" : n.server() + " · ") + n.severity() + " · " + n.kind().wireName();
        Map<String, Object> cardBody = new LinkedHashMap<>();
        cardBody.put("header", Map.of("title", n.title(), "subtitle", subtitle));
        cardBody.put("sections", widgets.isEmpty() ? List.of() : List.of(Map.of("widgets", widgets)));
        return List.of(Map.of("cardId", "mcp-monitor-" + n.kind().wireName(), "card", cardBody));
    }

    /** Card text fields accept a small HTML subset, so the characters that start markup are escaped. */
    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
