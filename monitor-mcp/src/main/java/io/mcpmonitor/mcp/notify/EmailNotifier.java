package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notifier;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * E-mail over SMTP (Jakarta Mail, Angus Mail implementation): subject = the notification's title, body = its text
 * as plain UTF-8, optionally with an HTML alternative. Every send opens a connection, authenticates when a user
 * name is set, sends one message to all recipients and closes.
 *
 * <p>Transport security: {@link Security#STARTTLS} requires the upgrade (a server that does not offer it is
 * refused, so the password never crosses in clear text); {@link Security#SSL} is implicit TLS (port 465). Server
 * certificates are checked, host name included, unless {@code sslTrust} names hosts to trust as they are (for
 * self-signed test servers only).
 *
 * <p>Thread-safe. User name and password are secrets: {@link #describe()} is {@code email:<name>}, failure
 * messages name host and port only.
 *
 * <pre>{@code
 * var smtp = new EmailNotifier.Settings("smtp.example.com", 587, Security.STARTTLS, "alerts", password,
 *         "mcp-monitor@example.com", List.of("oncall@example.com"), "", Duration.ofSeconds(10), false);
 * Notifier mail = new EmailNotifier("oncall", smtp);
 * }</pre>
 */
public final class EmailNotifier implements Notifier {

    /** How the connection is protected. */
    public enum Security {
        /** Plain SMTP (loopback relays only). */
        NONE,
        /** Plain connection upgraded with STARTTLS before authenticating; refused if the server cannot. */
        STARTTLS,
        /** Implicit TLS from the first byte (SMTPS). */
        SSL
    }

    /**
     * Where and how to send.
     *
     * @param host     SMTP server
     * @param port     1–65535
     * @param security transport protection
     * @param username empty for no authentication
     * @param password used only with a user name
     * @param from     sender address
     * @param to       at least one recipient address
     * @param sslTrust hosts whose certificates are trusted without checks, space separated ({@code *} for all);
     *                 empty (the default) checks certificates
     * @param timeout  connect, read and write timeout, positive
     * @param html     add an HTML alternative to the plain text
     */
    public record Settings(String host, int port, Security security, String username, String password, String from,
                           List<String> to, String sslTrust, Duration timeout, boolean html) {
        public Settings {
            if (host.isBlank()) {
                throw new IllegalArgumentException("host: must not be empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: must be 1-65535, was " + port);
            }
            if (to.isEmpty()) {
                throw new IllegalArgumentException("to: needs at least one recipient");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
            }
            to = List.copyOf(to);
        }
    }

    private final String name;
    private final Settings settings;
    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final Secrets secrets;

    /** @throws IllegalArgumentException if an address does not parse (the message names the field) */
    public EmailNotifier(String name, Settings settings) {
        this(name, settings, Secrets.NONE);
    }

    EmailNotifier(String name, Settings settings, Secrets secrets) {
        this.name = name;
        this.settings = settings;
        this.from = address("from", settings.from());
        List<InternetAddress> recipients = new ArrayList<>();
        for (int i = 0; i < settings.to().size(); i++) {
            recipients.add(address("to[" + i + "]", settings.to().get(i)));
        }
        this.to = recipients.toArray(new InternetAddress[0]);
        this.secrets = secrets.with(List.of(settings.username(), settings.password()));
        this.session = Session.getInstance(properties(settings));
    }

    private static InternetAddress address(String field, String value) {
        try {
            return new InternetAddress(value, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(field + ": not an e-mail address: " + e.getMessage(), e);
        }
    }

    private static String protocol(Settings s) {
        return s.security() == Security.SSL ? "smtps" : "smtp";
    }

    static Properties properties(Settings s) {
        String p = "mail." + protocol(s) + ".";
        String millis = String.valueOf(s.timeout().toMillis());
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", protocol(s));
        props.setProperty(p + "host", s.host());
        props.setProperty(p + "port", String.valueOf(s.port()));
        props.setProperty(p + "auth", String.valueOf(!s.username().isEmpty()));
        props.setProperty(p + "connectiontimeout", millis);
        props.setProperty(p + "timeout", millis);
        props.setProperty(p + "writetimeout", millis);
        // Trusting named hosts "as they are" includes their names: a self-signed test certificate rarely matches.
        props.setProperty(p + "ssl.checkserveridentity", String.valueOf(s.sslTrust().isBlank()));
        if (s.security() == Security.STARTTLS) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (!s.sslTrust().isBlank()) {
            props.setProperty(p + "ssl.trust", s.sslTrust());
        }
        return props;
    }

    @Override
    public String describe() {
        return "email:" + name;
    }

    /** {@code smtp://host:port} or {@code smtps://host:port} and the recipients, for tool answers. */
    public String redactedTarget() {
        return protocol(settings) + "://" + settings.host() + ":" + settings.port();
    }

    @Override
    public void send(Notification n) throws NotificationFailure {
        String where = describe() + ": sending to " + redactedTarget() + " failed";
        try {
            MimeMessage msg = message(n);
            try (Transport t = session.getTransport(protocol(settings))) {
                if (settings.username().isEmpty()) {
                    t.connect();
                } else {
                    t.connect(settings.host(), settings.port(), settings.username(), settings.password());
                }
                t.sendMessage(msg, msg.getAllRecipients());
            }
        } catch (MessagingException | RuntimeException e) {
            throw secrets.failure(where, e);
        }
    }

    MimeMessage message(Notification n) throws MessagingException {
        MimeMessage msg = new MimeMessage(session);
        msg.setFrom(from);
        msg.setRecipients(Message.RecipientType.TO, to);
        msg.setSubject(n.title(), "UTF-8");
        msg.setSentDate(Date.from(n.at()));
        msg.setHeader("X-MCP-Monitor-Kind", n.kind().wireName());
        msg.setHeader("X-MCP-Monitor-Severity", n.severity());
        Object alertId = n.fields().get("alertId");
        if (alertId instanceof String id && !id.isEmpty()) {
            msg.setHeader("X-MCP-Monitor-Alert-Id", id);
        }
        if (!settings.html()) {
            msg.setText(n.text(), "UTF-8");
            return msg;
        }
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(n.text(), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(html(n), "text/html; charset=UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(html);
        msg.setContent(alternative);
        return msg;
    }

    static String html(Notification n) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        h.append("<h3>").append(escape(n.title())).append("</h3>");
        h.append("<pre style=\"font-family:inherit;white-space:pre-wrap\">").append(escape(MessageText.body(n))).append("</pre>");
        if (!n.fields().isEmpty()) {
            h.append("<table cellpadding=\"3\">");
            for (Map.Entry<String, Object> f : n.fields().entrySet()) {
                h.append("<tr><th align=\"left\">").append(escape(f.getKey())).append("</th><td>")
                        .append(escape(MessageText.value(f.getValue()))).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<p style=\"color:#666\">").append(escape(MessageText.context(n))).append("</p></body></html>");
        return h.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
