package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notifier;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The generic JSON webhook: POSTs the whole notification as JSON and accepts any 2xx answer.
 *
 * <pre>{"formatVersion": 1, "source": "mcp-monitor", "kind": "firing", "severity": "critical",
 *  "server": "example-server", "title": "[CRITICAL] ...", "text": "...", "fields": {"alertId": "...", ...},
 *  "at": "2025-01-01T12:00:00Z", "alerts": []}</pre>
 * {@code alerts} holds the folded notifications of a {@code digest} (same shape, without {@code formatVersion} and
 * {@code source}) and is empty otherwise.
 *
 * <p>Thread-safe. The URL and the header values are secrets: {@link #describe()} is {@code webhook:<name>} and
 * failure messages show the URL as {@code scheme://host/…}.
 *
 * <pre>{@code
 * Notifier hook = new WebhookNotifier("ops", URI.create("https://hooks.example.com/T0k3n"),
 *         Map.of("Authorization", "Bearer " + token), Duration.ofSeconds(10));
 * hook.send(notification);   // throws NotificationFailure on a non-2xx answer
 * }</pre>
 */
public final class WebhookNotifier implements Notifier {

    private final String name;
    private final HttpJsonSender sender;

    /**
     * @param name    the channel's name, shown in logs
     * @param url     absolute http or https URL
     * @param headers extra request headers, e.g. {@code Authorization}; may be empty
     * @param timeout connect and request timeout, positive
     */
    public WebhookNotifier(String name, URI url, Map<String, String> headers, Duration timeout) {
        this(name, url, headers, timeout, Secrets.NONE);
    }

    WebhookNotifier(String name, URI url, Map<String, String> headers, Duration timeout, Secrets secrets) {
        this.name = name;
        this.sender = new HttpJsonSender(describe(), url, headers, timeout, secrets);
    }

    @Override
    public String describe() {
        return "webhook:" + name;
    }

    @Override
    public void send(Notification n) throws NotificationFailure {
        sender.post(NotificationJson.write(NotificationJson.envelope(n)));
    }

    /** The target as {@code scheme://host/…}, for tool answers. */
    public String redactedUrl() {
        return sender.redactedUrl();
    }
}
