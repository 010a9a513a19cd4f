package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A notification as a Slack message: {@code text} is the title and the body in mrkdwn; the Block Kit
 * {@code blocks} are a header with the title, the body, up to ten fields of the alert, and a context line.
 * Stateless.
 */
final class SlackMessage implements ChatWebhook.Format {

    static final SlackMessage FORMAT = new SlackMessage();

    // Slack's documented limits for these block elements.
    static final int HEADER_MAX_CHARS = 150;
    static final int SECTION_MAX_CHARS = 3000;
    static final int FIELD_MAX_CHARS = 2000;
    static final int MAX_FIELDS = 10;

    private SlackMessage() {
    }

    /** The same text with or without blocks. */
    @Override
    public String text(Notification n, String body, boolean withBlocks) {
        return escape(n.title()) + (body.isEmpty() ? "" : "\n" + escape(body));
    }

    @Override
    public List<Object> richPart(Notification n, String body) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", plain(MessageText.truncate(n.title(), HEADER_MAX_CHARS))));
        if (!body.isEmpty()) {
            blocks.add(Map.of("type", "section", "text", mrkdwn(MessageText.truncate(escape(body), SECTION_MAX_CHARS))));
        }
        List<Object> fields = new ArrayList<>();
        for (Map.Entry<String, Object> f : n.fields().entrySet()) {
            String value = MessageText.value(f.getValue());
            if (fields.size() == MAX_FIELDS || value.isEmpty()) {
                continue;
            }
            fields.add(mrkdwn(MessageText.truncate("*" + escape(f.getKey()) + "*\n" + escape(value), FIELD_MAX_CHARS)));
        }
        if (!fields.isEmpty()) {
            blocks.add(Map.of("type", "section", "fields", fields));
        }
        blocks.add(Map.of("type", "context", "elements", List.of(mrkdwn(escape(MessageText.context(n))))));
        return blocks;
    }

    private static Map<String, Object> plain(String text) {
        return Map.of("type", "plain_text", "text", text);
    }

    private static Map<String, Object> mrkdwn(String text) {
        return Map.of("type", "mrkdwn", "text", text);
    }

    /** Slack's three control characters in mrkdwn text. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
