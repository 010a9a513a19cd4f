package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A notification as a Google Chat message: {@code text} in Chat's markup ({@code *title*} in bold, then the
 * body), only the bold title above a card; the {@code cardsV2} card has a header (title; server, severity,
 * kind), the body, and the alert's fields as labelled lines. Stateless.
 */
final class GoogleChatMessage implements ChatWebhook.Format {

    static final GoogleChatMessage FORMAT = new GoogleChatMessage();

    static final int MAX_FIELDS = 12;
    static final int MAX_TEXT_CHARS = 4000;

    private GoogleChatMessage() {
    }

    @Override
    public String text(Notification n, String body, boolean withCard) {
        String bold = "*" + n.title().replace("*", "∗") + "*";
        return withCard ? bold
                : MessageText.truncate(bold + (body.isEmpty() ? "" : "\n" + body) + "\n" + MessageText.context(n), MAX_TEXT_CHARS);
    }

    @Override
    public List<Object> richPart(Notification n, String body) {
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
