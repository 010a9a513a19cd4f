package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds one {@link Channel} from its config object: the type's fields, the shared filters, and the redacted view.
 * Stateless.
 */
final class ChannelFactory {

    static final List<String> TYPES = List.of("webhook", "slack", "google_chat", "email", "mcp_tool", "alertmanager");
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SMTP_TIMEOUT = Duration.ofSeconds(15);
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final long MIN_TIMEOUT_MILLIS = 1;

    private ChannelFactory() {
    }

    /** The channel {@code f} describes; {@code name} and {@code type} are already read and checked. */
    static Channel build(ConfigFields f, String name, String type) {
        String minSeverity = f.string("minSeverity", "warning");
        if (!minSeverity.equals("warning") && !minSeverity.equals("critical")) {
            throw f.error("minSeverity", "must be \"warning\" or \"critical\"");
        }
        Set<Notification.Kind> kinds = kinds(f);
        Map<String, Object> redacted = new LinkedHashMap<>();
        redacted.put("name", name);
        redacted.put("type", type);
        Notifier notifier = switch (type) {
            case "webhook" -> webhook(f, name, redacted);
            case "slack" -> chat(f, name, "blocks", true, redacted, SlackNotifier::new);
            case "google_chat" -> chat(f, name, "card", false, redacted, GoogleChatNotifier::new);
            case "email" -> email(f, name, redacted);
            case "mcp_tool" -> mcpTool(f, name, redacted);
            case "alertmanager" -> alertmanager(f, name, redacted);
            default -> throw f.error("type", "must be one of " + TYPES);
        };
        f.rejectUnknown();
        redacted.put("minSeverity", minSeverity);
        redacted.put("kinds", kinds.stream().map(Notification.Kind::wireName).toList());
        return new Channel(name, type, notifier, minSeverity, kinds, redacted);
    }

    private static Set<Notification.Kind> kinds(ConfigFields f) {
        if (!f.has("kinds")) {
            f.strings("kinds", false);
            return EnumSet.allOf(Notification.Kind.class);
        }
        Set<Notification.Kind> kinds = EnumSet.noneOf(Notification.Kind.class);
        for (String k : f.strings("kinds", true)) {
            try {
                kinds.add(Notification.Kind.valueOf(k.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw f.error("kinds", "unknown kind \"" + k + "\"; expected firing, reminder, escalated, resolved, digest");
            }
        }
        return kinds;
    }

    private static Notifier webhook(ConfigFields f, String name, Map<String, Object> redacted) {
        URI url = f.url("url");
        Map<String, String> headers = f.secretStringMap("headers");
        Duration timeout = f.millis("timeoutMs", HTTP_TIMEOUT, MIN_TIMEOUT_MILLIS);
        WebhookNotifier n = new WebhookNotifier(name, url, headers, timeout, f.secrets());
        redacted.put("target", n.redactedUrl());
        redacted.put("headers", List.copyOf(headers.keySet()));
        redacted.put("timeoutMs", timeout.toMillis());
        return n;
    }

    private static Notifier alertmanager(ConfigFields f, String name, Map<String, Object> redacted) {
        URI url = f.url("url");
        Map<String, String> headers = f.secretStringMap("headers");
        Map<String, String> labels = new java.util.TreeMap<>();
        (f.has("labels") ? f.object("labels") : Map.<String, Object>of()).forEach((k, v) -> {
            if (!k.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw f.error("labels", "label name \"" + k + "\" must match [a-zA-Z_][a-zA-Z0-9_]*");
            }
            if (!(v instanceof String s)) {
                throw f.error("labels", "label \"" + k + "\" must be a string");
            }
            labels.put(k, s);
        });
        int holdMinutes = f.integer("holdForMinutes", 1440, 1, 525_600);
        Duration timeout = f.millis("timeoutMs", HTTP_TIMEOUT, MIN_TIMEOUT_MILLIS);
        AlertmanagerNotifier n = new AlertmanagerNotifier(name, url, headers, labels, Duration.ofMinutes(holdMinutes),
                timeout, f.secrets());
        redacted.put("target", n.redactedUrl());
        redacted.put("headers", List.copyOf(headers.keySet()));
        redacted.put("labels", labels);
        redacted.put("holdForMinutes", holdMinutes);
        redacted.put("timeoutMs", timeout.toMillis());
        return n;
    }

    /**
     * A chat webhook's fields: {@code url}, the switch {@code richField} for the rich message, {@code timeoutMs};
     * {@code service} makes the channel of its target.
     */
    private static Notifier chat(ConfigFields f, String name, String richField, boolean richDefault,
            Map<String, Object> redacted, Function<ChatWebhook.Target, ChatWebhook> service) {
        URI url = f.url("url");
        boolean rich = f.bool(richField, richDefault);
        Duration timeout = f.millis("timeoutMs", HTTP_TIMEOUT, MIN_TIMEOUT_MILLIS);
        ChatWebhook n = service.apply(new ChatWebhook.Target(name, url, rich, timeout, f.secrets()));
        redacted.put("target", n.redactedUrl());
        redacted.put(richField, rich);
        redacted.put("timeoutMs", timeout.toMillis());
        return n;
    }

    private static Notifier email(ConfigFields f, String name, Map<String, Object> redacted) {
        String host = f.requiredString("host");
        boolean starttls = f.bool("starttls", false);
        boolean ssl = f.bool("ssl", false);
        if (starttls && ssl) {
            throw f.error("ssl", "cannot be combined with starttls (ssl is TLS from the start, port 465; "
                    + "starttls upgrades a plain connection, port 587)");
        }
        EmailNotifier.Security security = ssl ? EmailNotifier.Security.SSL
                : starttls ? EmailNotifier.Security.STARTTLS : EmailNotifier.Security.NONE;
        int defaultPort = ssl ? 465 : starttls ? 587 : 25;
        int port = f.integer("port", defaultPort, 1, 65535);
        String username = f.secret(f.string("username", ""));
        String password = f.secret(f.string("password", ""));
        if (username.isEmpty() && !password.isEmpty()) {
            throw f.error("username", "is required when a password is given");
        }
        String from = f.requiredString("from");
        List<String> to = f.strings("to", true);
        String sslTrust = f.string("sslTrust", "");
        Duration timeout = f.millis("timeoutMs", SMTP_TIMEOUT, MIN_TIMEOUT_MILLIS);
        boolean html = f.bool("html", false);
        EmailNotifier n;
        try {
            n = new EmailNotifier(name, new EmailNotifier.Settings(host, port, security, username, password, from, to,
                    sslTrust, timeout, html), f.secrets());
        } catch (IllegalArgumentException e) {
            // The settings name the field first ("to[1]: not an e-mail address ...").
            String msg = e.getMessage();
            int colon = msg.indexOf(':');
            throw f.error(colon > 0 ? msg.substring(0, colon) : "email", colon > 0 ? msg.substring(colon + 1).strip() : msg);
        }
        redacted.put("target", n.redactedTarget());
        redacted.put("security", security.name().toLowerCase(Locale.ROOT));
        redacted.put("authenticated", !username.isEmpty());
        redacted.put("from", from);
        redacted.put("to", to);
        redacted.put("html", html);
        redacted.put("timeoutMs", timeout.toMillis());
        return n;
    }

    private static Notifier mcpTool(ConfigFields f, String name, Map<String, Object> redacted) {
        boolean stdio = f.has("command");
        boolean http = f.has("url");
        if (stdio == http) {
            throw f.error(stdio ? "url" : "command", "give exactly one of command (a stdio server) or url (Streamable HTTP)");
        }
        McpToolNotifier.Endpoint endpoint;
        if (stdio) {
            String command = f.requiredString("command");
            List<String> args = f.strings("args", false);
            Map<String, String> env = f.secretStringMap("env");
            if (f.has("bearerToken")) {
                throw f.error("bearerToken", "only applies with url");
            }
            endpoint = new McpToolNotifier.Stdio(command, args, env);
            redacted.put("transport", "stdio");
            redacted.put("env", List.copyOf(env.keySet()));
        } else {
            for (String stdioOnly : List.of("args", "env")) {
                if (f.has(stdioOnly)) {
                    throw f.error(stdioOnly, "only applies with command");
                }
            }
            URI url = f.url("url");
            String token = f.secret(f.string("bearerToken", ""));
            endpoint = new McpToolNotifier.Http(url, token);
            redacted.put("transport", "streamable_http");
            redacted.put("authenticated", !token.isEmpty());
        }
        String tool = f.requiredString("tool");
        ArgumentTemplate arguments;
        Map<String, Object> template = f.object("arguments");
        try {
            arguments = ArgumentTemplate.of(template);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("notification config: " + f.where() + ": field " + e.getMessage(), e);
        }
        Duration timeout = f.millis("timeoutMs", TOOL_TIMEOUT, MIN_TIMEOUT_MILLIS);
        McpToolNotifier n = new McpToolNotifier(name, endpoint, tool, arguments, timeout, f.secrets());
        redacted.put("target", n.redactedTarget());
        redacted.put("tool", tool);
        redacted.put("arguments", new ArrayList<>(template.keySet()));
        redacted.put("timeoutMs", timeout.toMillis());
        return n;
    }
}
