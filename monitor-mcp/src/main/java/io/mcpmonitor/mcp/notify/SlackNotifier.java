package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming webhook ({@code https://hooks.slack.com/services/T…/B…/…}). Sends {@code text} (title and
 * body in Slack mrkdwn, what notifications and clients without blocks show) and, unless disabled, Block Kit
 * {@code blocks}: a header with the title, the body, up to ten fields of the alert, and a context line.
 *
 * <p>Thread-safe. The whole URL is a secret: {@link #describe()} is {@code slack:<name>}.
 *
 * <pre>{@code
 * Notifier slack = new SlackNotifier("ops", URI.create(System.getenv("SLACK_WEBHOOK_URL")), true, Duration.ofSeconds(10));
 * }</pre>
 */
public final class SlackNotifier extends ChatWebhook {

    // Slack's documented limits for these block elements.
    static final int HEADER_MAX_CHARS = 150;
    static final int SECTION_MAX_CHARS = 3000;
    static final int FIELD_MAX_CHARS = 2000;
    static final int MAX_FIELDS = 10;

    /**
     * @param name    the channel's name, shown in logs
     * @param url     the incoming-webhook URL
     * @param blocks  also send Block Kit blocks ({@code false} for webhooks that accept only {@code text})
     * @param timeout connect and request timeout, positive
     */
    public SlackNotifier(String name, URI url, boolean blocks, Duration timeout) {
        this(name, url, blocks, timeout, Secrets.NONE);
    }

    SlackNotifier(String name, URI url, boolean blocks, Duration timeout, Secrets secrets) {
        super("slack", name, url, blocks, "blocks", timeout, secrets);
    }

    @Override
    String text(Notification n, String body, boolean withBlocks) {
        return escape(n.title()) + (body.isEmpty() ? "" : "\n" + escape(body));
    }

    @Override
    List<Object> richPart(Notification n, String body) {
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
