package io.mcpmonitor.mcp.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mcpmonitor.core.notify.Notification;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end: one config file with every channel type, secrets from the environment, real
 * receivers on loopback (HTTP server, GreenMail, the example MCP server over stdio) and two broken channels. Every
 * healthy receiver gets the notification, the broken ones are retried and given up, and no secret appears in the
 * log, the counts or the redacted config.
 */
@SuppressWarnings("unchecked")
class NotificationDeliveryIT {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void everyChannelTypeDeliversFromTheConfigFileAndNoSecretLeaks() throws Exception {
        Map<String, String> env = Map.of(
                "HOOK_PATH_TOKEN", "hookPathT0ken-a1b2c3",
                "HOOK_AUTH", "Bearer hookAuthT0ken-d4e5f6",
                "SLACK_TOKEN", "slackT0kenPart-778899",
                "CHAT_TOKEN", "chatT0ken-aabbcc",
                "SMTP_PASSWORD", "smtpPassw0rd-ddeeff",
                "BROKEN_TOKEN", "brokenT0ken-102030");
        GreenMail mail = new GreenMail(EmailNotifierLoopbackTest.onFreePort(ServerSetupTest.SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts@example.com",
                        env.get("SMTP_PASSWORD")));
        mail.start();
        try (LoopbackReceiver http = LoopbackReceiver.start(); CapturedStderr log = CapturedStderr.start()) {
            http.respond("/broken/" + env.get("BROKEN_TOKEN"), 503);
            URI closed = HttpNotifiersLoopbackTest.closedPortUrl("/down");
            List<String> echo = ExampleServerProcess.stdioCommand();
            String base = "http://127.0.0.1:" + http.url("/").getPort();
            String config = """
                    {"formatVersion": 1,
                     "retry": {"maxAttempts": 3, "initialBackoffMs": 20, "maxBackoffMs": 100},
                     "channels": [
                       {"name": "hook", "type": "webhook", "url": "%1$s/hook/${env:HOOK_PATH_TOKEN}",
                        "headers": {"Authorization": "${env:HOOK_AUTH}"}},
                       {"name": "slack", "type": "slack", "url": "%1$s/services/T01/B02/${env:SLACK_TOKEN}"},
                       {"name": "chat", "type": "google_chat", "url": "%1$s/v1/spaces/S1/messages?key=k&token=${env:CHAT_TOKEN}"},
                       {"name": "mail", "type": "email", "host": "127.0.0.1", "port": %2$d,
                        "username": "alerts@example.com", "password": "${env:SMTP_PASSWORD}",
                        "from": "alerts@example.com", "to": ["oncall@example.com"]},
                       {"name": "echo", "type": "mcp_tool", "command": "%3$s", "args": ["-jar", "%4$s"],
                        "tool": "echo", "arguments": {"text": "{{severity}} {{fields.alertId}}: {{title}}"}},
                       {"name": "broken", "type": "webhook", "url": "%1$s/broken/${env:BROKEN_TOKEN}"},
                       {"name": "down", "type": "slack", "url": "%5$s"},
                       {"name": "critical-only", "type": "webhook", "url": "%1$s/critical", "minSeverity": "critical"}
                     ]}
                    """.formatted(base, mail.getSmtp().getPort(), echo.get(0).replace("\\", "\\\\"),
                    echo.get(2).replace("\\", "\\\\"), closed);

            Notification warning = SampleNotifications.warning();
            NotificationConfig parsed = NotificationConfig.parse(config, env::get);
            McpToolNotifier echoNotifier = (McpToolNotifier) parsed.channels().get(4).notifier();
            try (NotificationDispatcher d = NotificationDispatcher.create(parsed)) {
                assertThat(d.dispatch(warning)).isEqualTo(7);
                assertThat(d.awaitIdle(WAIT)).isTrue();

                assertThat(http.take("/hook/" + env.get("HOOK_PATH_TOKEN"), WAIT).json()).containsEntry("title", warning.title());
                assertThat(http.take("/services/T01/B02/" + env.get("SLACK_TOKEN"), WAIT).json()).containsKeys("text", "blocks");
                assertThat((String) http.take("/v1/spaces/S1/messages", WAIT).json().get("text")).startsWith("*" + warning.title());
                assertThat(mail.waitForIncomingEmail(WAIT.toMillis(), 1)).isTrue();
                assertThat(mail.getReceivedMessages()[0].getSubject()).isEqualTo(warning.title());
                assertThat(McpToolNotifier.text(echoNotifier.lastResult().orElseThrow()))
                        .isEqualTo("warning alt-warning-1: " + warning.title());
                assertThat(http.received("/critical")).isEmpty();

                Map<String, ChannelStats> stats = new java.util.HashMap<>();
                d.stats().forEach(s -> stats.put(s.name(), s));
                for (String ok : List.of("hook", "slack", "chat", "mail", "echo")) {
                    assertThat(stats.get(ok).sent()).as(ok).isEqualTo(1);
                }
                assertThat(stats.get("broken").failed()).isEqualTo(1);
                assertThat(stats.get("broken").retries()).isEqualTo(2);
                assertThat(stats.get("down").failed()).isEqualTo(1);
                assertThat(http.received("/broken/" + env.get("BROKEN_TOKEN"))).hasSize(3);

                String everything = log.text() + NotificationJson.write(d.describeChannels()) + d.describe()
                        + d.stats().stream().map(ChannelStats::toString).toList();
                for (String secret : env.values()) {
                    assertThat(everything).doesNotContain(secret).doesNotContain(secret.replace("Bearer ", ""));
                }
                assertThat(everything).contains("webhook:broken: gave up a firing notification after 3 attempt(s)",
                        "answered HTTP 503", "slack:down: gave up");
            }
        } finally {
            mail.stop();
        }
    }
}
