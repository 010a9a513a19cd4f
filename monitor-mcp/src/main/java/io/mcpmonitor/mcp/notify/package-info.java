/**
 * Notification channels and their dispatcher: where alert notifications go once the alert engine has
 * decided to send them (docs/NOTIFICATIONS.md).
 *
 * <p><b>Channels.</b> Each implements the {@link io.mcpmonitor.core.notify.Notifier} SPI of monitor-core:
 * {@link io.mcpmonitor.mcp.notify.WebhookNotifier} (generic JSON), {@link io.mcpmonitor.mcp.notify.SlackNotifier},
 * {@link io.mcpmonitor.mcp.notify.GoogleChatNotifier}, {@link io.mcpmonitor.mcp.notify.EmailNotifier} (SMTP) and
 * {@link io.mcpmonitor.mcp.notify.McpToolNotifier} (a tool on another MCP server). A channel sends once or throws
 * {@link io.mcpmonitor.mcp.notify.NotificationFailure}; it never retries.
 *
 * <p><b>Dispatch.</b> {@link io.mcpmonitor.mcp.notify.NotificationDispatcher} gives every channel its own queue and
 * daemon thread, retries with exponential backoff ({@link io.mcpmonitor.mcp.notify.RetryPolicy}) and counts the
 * outcome ({@link io.mcpmonitor.mcp.notify.ChannelStats}), so a failing or slow channel delays only itself.
 * {@link io.mcpmonitor.mcp.notify.NotificationConfig} reads the channels from the JSON config file.
 *
 * <p><b>Secrets.</b> Webhook URLs, header values, passwords, user names, bearer tokens and every value read from an
 * environment variable are secrets: they never appear in an exception message, a log line, {@code describe()} or
 * the redacted views meant for tool answers. Channels scrub the messages of the exceptions they catch before
 * rethrowing, and drop the original cause chain (whose messages may quote a URL).
 *
 * <p>Null policy: no parameter or return value is null unless its javadoc says so; absent values are empty
 * strings, empty collections or {@link java.util.Optional}.
 */
package io.mcpmonitor.mcp.notify;
