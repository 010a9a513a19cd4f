package io.mcpmonitor.mcp.notify;

import java.net.URI;
import java.time.Duration;

/**
 * A Slack incoming webhook ({@code https://hooks.slack.com/services/T…/B…/…}). Sends {@code text} (title and
 * body in Slack mrkdwn, what notifications and clients without blocks show) and, unless disabled, Block Kit
 * {@code blocks}: a header with the title, the body, up to ten fields of the alert, and a context line
 * ({@link SlackMessage}).
 *
 * <p>Thread-safe. The whole URL is a secret: {@link #describe()} is {@code slack:<name>}.
 *
 * <pre>{@code
 * Notifier slack = new SlackNotifier("ops", URI.create(System.getenv("SLACK_WEBHOOK_URL")), true, Duration.ofSeconds(10));
 * }</pre>
 */
public final class SlackNotifier extends ChatWebhook {

    /**
     * @param name    the channel's name, shown in logs
     * @param url     the incoming-webhook URL
     * @param blocks  also send Block Kit blocks ({@code false} for webhooks that accept only {@code text})
     * @param timeout connect and request timeout, positive
     */
    public SlackNotifier(String name, URI url, boolean blocks, Duration timeout) {
        this(new Target(name, url, blocks, timeout, Secrets.NONE));
    }

    /** A channel of the notification config, whose {@code target} carries the config's secrets. */
    SlackNotifier(Target target) {
        super("slack", "blocks", SlackMessage.FORMAT, target);
    }
}
