package io.mcpmonitor.mcp.server;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.mcp.resource.MonitorResources;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ResourcesUpdatedNotification;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the sidecar's connected MCP clients what the alert engine tells the channels: every change of
 * the open alerts (an alert fired, changed severity, resolved) is a {@code notifications/resources/updated}
 * for {@value MonitorResources#ACTIVE_ALERTS} to the sessions subscribed to it, and an alert that becomes
 * critical is also a {@code notifications/message} at level {@code critical} to every session, so an
 * assistant in a conversation hears of it without polling.
 *
 * <p>Created before the server (the alert loop starts with the sidecar) and {@link #attach attached}
 * once the server exists; notifications before that are not relayed (no client can be connected).
 * A shared sidecar serves one server per session: each is attached while its session lasts and
 * {@link #detach detached} when it ends. Called on the alert loop's thread; a failure to reach a
 * client is logged and never reaches the loop.
 */
public final class ClientNotices implements Consumer<Notification> {

    private static final Logger LOG = LoggerFactory.getLogger(ClientNotices.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    private record Attached(McpSyncServer server, McpServerTransportProviderBase transport) {
    }

    private final java.util.List<Attached> attached = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Starts relaying to the clients of {@code server}, reached through {@code transport}. */
    public void attach(McpSyncServer server, McpServerTransportProviderBase transport) {
        attached.add(new Attached(server, transport));
    }

    /** Stops relaying to the clients of {@code server} (its session ended). */
    public void detach(McpSyncServer server) {
        attached.removeIf(a -> a.server() == server);
    }

    @Override
    public void accept(Notification n) {
        if (n.kind() == Notification.Kind.REMINDER) {
            return;
        }
        for (Attached a : attached) {
            relay(n, a.server(), a.transport());
        }
    }

    private static void relay(Notification n, McpSyncServer s, McpServerTransportProviderBase t) {
        try {
            s.notifyResourcesUpdated(new ResourcesUpdatedNotification(MonitorResources.ACTIVE_ALERTS));
        } catch (RuntimeException e) {
            LOG.debug("resources/updated not sent: {}", e.toString());
        }
        if (becameCritical(n)) {
            LoggingMessageNotification message = LoggingMessageNotification.builder()
                    .level(LoggingLevel.CRITICAL).logger(MonitorMcpServer.NAME).data(n.title() + "\n" + n.text()).build();
            try {
                t.notifyClients(McpSchema.METHOD_NOTIFICATION_MESSAGE, message).block(SEND_TIMEOUT);
            } catch (RuntimeException e) {
                LOG.debug("notifications/message not sent: {}", e.toString());
            }
        }
    }

    /** A firing (or raised) critical alert, as opposed to a reminder, a de-escalation or a resolution. */
    static boolean becameCritical(Notification n) {
        return (n.kind() == Notification.Kind.FIRING || n.kind() == Notification.Kind.ESCALATED)
                && "critical".equals(n.severity());
    }
}
