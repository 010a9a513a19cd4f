package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notifier;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One configured destination: a {@link Notifier} with a name, a filter and a redacted description. Immutable.
 *
 * <pre>{@code
 * Channel ops = Channel.of("ops", new WebhookNotifier("ops", url, Map.of(), Duration.ofSeconds(10)));
 * }</pre>
 *
 * @param name        unique among the channels; used in thread names ({@code mcp-monitor-notify-<name>}) and logs
 * @param type        the config type ({@code webhook}, …) or {@code custom}
 * @param notifier    the channel; closed by the dispatcher if it is {@link AutoCloseable}
 * @param minSeverity {@code warning} (everything, the default) or {@code critical}
 * @param kinds       the kinds sent; all by default
 * @param redacted    what tool answers may show about the channel: no URL beyond {@code scheme://host/…}, no
 *                    password, token or header value
 */
public record Channel(String name, String type, Notifier notifier, String minSeverity, Set<Notification.Kind> kinds,
                      Map<String, Object> redacted) {

    public Channel {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("name: must match [A-Za-z0-9_.-]{1,64}, was '" + name + "'");
        }
        if (!minSeverity.equals("warning") && !minSeverity.equals("critical")) {
            throw new IllegalArgumentException("minSeverity: must be warning or critical, was '" + minSeverity + "'");
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("kinds: must not be empty (leave it out to send every kind)");
        }
        kinds = Set.copyOf(kinds);
        redacted = Map.copyOf(redacted);
    }

    /** A channel that takes every notification, described by the notifier alone. */
    public static Channel of(String name, Notifier notifier) {
        Map<String, Object> redacted = new LinkedHashMap<>();
        redacted.put("name", name);
        redacted.put("type", "custom");
        redacted.put("target", notifier.describe());
        return new Channel(name, "custom", notifier, "warning", EnumSet.allOf(Notification.Kind.class), redacted);
    }

    /** Whether {@code n} passes the severity and kind filters. Unknown severities count as warning. */
    public boolean accepts(Notification n) {
        if (!kinds.contains(n.kind())) {
            return false;
        }
        return minSeverity.equals("warning") || n.severity().equals("critical");
    }
}
