package io.mcpmonitor.mcp.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mcpmonitor.core.notify.Notification;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** E-mail reaches a real SMTP server (GreenMail) on loopback, plain and over TLS. */
class EmailNotifierLoopbackTest {

    static final String USER = "alerts@example.com";
    static final String PASSWORD = "smtp-S3cret-pw-81d2";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    static GreenMail mail;

    @BeforeAll
    static void startSmtp() {
        mail = new GreenMail(new ServerSetup[] {onFreePort(ServerSetupTest.SMTP), onFreePort(ServerSetupTest.SMTPS)})
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, USER, PASSWORD));
        mail.start();
    }

    /** On an ephemeral port, with time to start on a busy machine (the default is 2 s). */
    static ServerSetup onFreePort(ServerSetup setup) {
        ServerSetup s = setup.dynamicPort();
        s.setServerStartupTimeout(30_000);
        return s;
    }

    @AfterAll
    static void stopSmtp() {
        mail.stop();
    }

    @BeforeEach
    void clear() throws Exception {
        mail.purgeEmailFromAllMailboxes();
    }

    static EmailNotifier.Settings settings(int port, EmailNotifier.Security security, String password, boolean html) {
        return new EmailNotifier.Settings("127.0.0.1", port, security, USER, password, "mcp-monitor <" + USER + ">",
                List.of("oncall@example.com", "lead@example.com"), security == EmailNotifier.Security.NONE ? "" : "127.0.0.1",
                TIMEOUT, html);
    }

    int smtpPort() {
        return mail.getSmtp().getPort();
    }

    @Test
    void deliversSubjectBodyAndRecipientsOverSmtpWithLogin() throws Exception {
        Notification n = SampleNotifications.critical();
        new EmailNotifier("oncall", settings(smtpPort(), EmailNotifier.Security.NONE, PASSWORD, false)).send(n);

        assertThat(mail.waitForIncomingEmail(TIMEOUT.toMillis(), 2)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo(n.title());
        // SMTP transfer drops the final line break; the text is otherwise unchanged.
        assertThat(((String) m.getContent()).replace("\r\n", "\n").strip()).isEqualTo(n.text().strip());
        assertThat(m.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                .containsExactly("oncall@example.com", "lead@example.com");
        assertThat(m.getFrom()[0].toString()).isEqualTo("mcp-monitor <" + USER + ">");
        assertThat(m.getHeader("X-MCP-Monitor-Kind", null)).isEqualTo("firing");
        assertThat(m.getHeader("X-MCP-Monitor-Alert-Id", null)).isEqualTo("alt-critical-1");
        assertThat(mail.getReceivedMessagesForDomain("example.com")).hasSize(2);
    }

    @Test
    void addsAnHtmlAlternativeWhenAsked() throws Exception {
        new EmailNotifier("oncall", settings(smtpPort(), EmailNotifier.Security.NONE, PASSWORD, true))
                .send(SampleNotifications.critical());
        assertThat(mail.waitForIncomingEmail(TIMEOUT.toMillis(), 1)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        MimeMultipart alternative = (MimeMultipart) m.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(((String) alternative.getBodyPart(0).getContent()).replace("\r\n", "\n").strip())
                .isEqualTo(SampleNotifications.critical().text().strip());
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) alternative.getBodyPart(1).getContent()).contains("<h3>[CRITICAL] example-server/slow_query",
                "&lt;you&gt;", "<th align=\"left\">alertId</th><td>alt-critical-1</td>");
    }

    @Test
    void deliversOverImplicitTls() throws Exception {
        new EmailNotifier("oncall", settings(mail.getSmtps().getPort(), EmailNotifier.Security.SSL, PASSWORD, false))
                .send(SampleNotifications.warning());
        assertThat(mail.waitForIncomingEmail(TIMEOUT.toMillis(), 2)).isTrue();
        assertThat(mail.getReceivedMessages()[0].getSubject()).isEqualTo(SampleNotifications.warning().title());
    }

    @Test
    void starttlsIsRequiredSoAServerWithoutItGetsNoPassword() {
        // GreenMail's plain SMTP does not offer STARTTLS: the client must refuse rather than log in in clear text.
        EmailNotifier mailer = new EmailNotifier("oncall", settings(smtpPort(), EmailNotifier.Security.STARTTLS, PASSWORD, false));
        assertThatThrownBy(() -> mailer.send(SampleNotifications.critical())).isInstanceOf(NotificationFailure.class)
                .hasMessageStartingWith("email:oncall: sending to smtp://127.0.0.1:" + smtpPort() + " failed: ")
                .hasMessageContaining("STARTTLS").message().doesNotContain(PASSWORD);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRefusedLoginFailsWithoutThePassword() {
        String wrong = "wrong-S3cret-pw-55aa";
        EmailNotifier mailer = new EmailNotifier("oncall", settings(smtpPort(), EmailNotifier.Security.NONE, wrong, false));
        assertThatThrownBy(() -> mailer.send(SampleNotifications.critical())).isInstanceOf(NotificationFailure.class)
                .hasMessageContaining("AuthenticationFailedException").message().doesNotContain(wrong, PASSWORD, "***@");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void theConfigFileReadsThePasswordFromTheEnvironment() throws Exception {
        NotificationConfig config = NotificationConfig.parse("{\"channels\": [{\"name\": \"oncall\", \"type\": \"email\","
                + " \"host\": \"127.0.0.1\", \"port\": " + smtpPort() + ", \"username\": \"" + USER + "\","
                + " \"password\": \"${env:SMTP_PASSWORD}\", \"from\": \"" + USER + "\", \"to\": [\"oncall@example.com\"]}]}",
                Map.of("SMTP_PASSWORD", PASSWORD)::get);
        config.channels().get(0).notifier().send(SampleNotifications.critical());
        assertThat(mail.waitForIncomingEmail(TIMEOUT.toMillis(), 1)).isTrue();
        assertThat(NotificationJson.write(config.redacted())).doesNotContain(PASSWORD)
                .contains("\"target\":\"smtp://127.0.0.1:" + smtpPort() + "\"", "\"authenticated\":true");
    }
}
