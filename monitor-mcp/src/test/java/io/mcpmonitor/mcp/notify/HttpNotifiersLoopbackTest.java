package io.mcpmonitor.mcp.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.record.Clock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook, Slack and Google Chat payloads reach a real HTTP server on loopback. */
@SuppressWarnings("unchecked")
class HttpNotifiersLoopbackTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final String HOOK_TOKEN = "T0k3nInThePath-4f9a2c";
    static final String HEADER_TOKEN = "header-bearer-77c1e0";

    LoopbackReceiver receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = LoopbackReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void theWebhookPostsTheWholeNotificationAsJsonWithTheConfiguredHeaders() throws Exception {
        String path = "/hooks/" + HOOK_TOKEN;
        new WebhookNotifier("ops", receiver.url(path), Map.of("Authorization", "Bearer " + HEADER_TOKEN), TIMEOUT)
                .send(SampleNotifications.critical());

        LoopbackReceiver.Request r = receiver.take(path, WAIT);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + HEADER_TOKEN);
        Map<String, Object> body = r.json();
        Notification n = SampleNotifications.critical();
        assertThat(body).containsEntry("formatVersion", 1).containsEntry("source", "mcp-monitor")
                .containsEntry("kind", "firing").containsEntry("severity", "critical").containsEntry("server", "example-server")
                .containsEntry("title", n.title()).containsEntry("text", n.text())
                .containsEntry("at", "2025-03-01T12:00:00Z").containsEntry("alerts", List.of());
        assertThat((Map<String, Object>) body.get("fields")).containsEntry("alertId", "alt-critical-1")
                .containsEntry("currentValue", 812.5).containsEntry("metric", "response_time");
    }

    @Test
    void aDigestCarriesItsFoldedAlerts() throws Exception {
        new WebhookNotifier("ops", receiver.url("/digest"), Map.of(), TIMEOUT).send(SampleNotifications.digest());
        Map<String, Object> body = receiver.take("/digest", WAIT).json();
        assertThat(body).containsEntry("kind", "digest");
        List<Object> alerts = (List<Object>) body.get("alerts");
        assertThat(alerts).hasSize(2);
        assertThat((Map<String, Object>) alerts.get(1)).containsEntry("kind", "reminder").doesNotContainKey("formatVersion");
        assertThat((Map<String, Object>) ((Map<String, Object>) alerts.get(1)).get("fields")).containsEntry("alertId", "alt-b");
    }

    @Test
    void slackGetsMrkdwnTextAndBlocks() throws Exception {
        Notification n = new Notification(Notification.Kind.ESCALATED, "critical", "db<prod>",
                "[ESCALATED CRITICAL] db<prod>/q: error rate 7.5 % > 5 %", "[ESCALATED CRITICAL] db<prod>/q: error rate 7.5 % > 5 %\n"
                + "since 2025-03-01T11:00:00Z\nA & B", Map.of("alertId", "alt-9", "metric", "error_rate"),
                SampleNotifications.AT, List.of());
        new SlackNotifier("ops", receiver.url("/services/T000/B000/" + HOOK_TOKEN), true, TIMEOUT).send(n);

        Map<String, Object> body = receiver.take("/services/T000/B000/" + HOOK_TOKEN, WAIT).json();
        assertThat(body.get("text")).isEqualTo("[ESCALATED CRITICAL] db&lt;prod&gt;/q: error rate 7.5 % &gt; 5 %\n"
                + "since 2025-03-01T11:00:00Z\nA &amp; B");
        List<Object> blocks = (List<Object>) body.get("blocks");
        assertThat(blocks).extracting(b -> ((Map<String, Object>) b).get("type")).containsExactly("header", "section", "section", "context");
        Map<String, Object> header = (Map<String, Object>) ((Map<String, Object>) blocks.get(0)).get("text");
        assertThat(header).containsEntry("type", "plain_text").containsEntry("text", n.title());
        Map<String, Object> section = (Map<String, Object>) ((Map<String, Object>) blocks.get(1)).get("text");
        assertThat(section).containsEntry("type", "mrkdwn").containsEntry("text", "since 2025-03-01T11:00:00Z\nA &amp; B");
        List<Object> fields = (List<Object>) ((Map<String, Object>) blocks.get(2)).get("fields");
        assertThat(fields).extracting(f -> ((Map<String, Object>) f).get("text")).contains("*alertId*\nalt-9", "*metric*\nerror_rate");
        Map<String, Object> context = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) blocks.get(3)).get("elements")).get(0);
        assertThat((String) context.get("text")).isEqualTo("mcp-monitor · escalated · critical · db&lt;prod&gt; · 2025-03-01T12:00:00Z");
    }

    @Test
    void slackWithoutBlocksSendsTextOnly() throws Exception {
        new SlackNotifier("ops", receiver.url("/plain"), false, TIMEOUT).send(SampleNotifications.warning());
        Map<String, Object> body = receiver.take("/plain", WAIT).json();
        assertThat(body).containsOnlyKeys("text");
        assertThat((String) body.get("text")).startsWith(SlackMessage.escape(SampleNotifications.warning().title()) + "\nsince ")
                .contains("&lt;you&gt;");
    }

    @Test
    void googleChatGetsBoldTitleText() throws Exception {
        String path = "/v1/spaces/AAQA7space/messages";
        new GoogleChatNotifier("team", receiver.url(path + "?key=chatKey1&token=" + HOOK_TOKEN), false, TIMEOUT)
                .send(SampleNotifications.critical());
        LoopbackReceiver.Request r = receiver.take(path, WAIT);
        assertThat(r.query()).isEqualTo("key=chatKey1&token=" + HOOK_TOKEN);
        Map<String, Object> body = r.json();
        assertThat(body).containsOnlyKeys("text");
        assertThat((String) body.get("text")).startsWith("*" + SampleNotifications.critical().title() + "*\nsince 2025-03-01T11:55:00Z\n")
                .endsWith("\nmcp-monitor · firing · critical · example-server · 2025-03-01T12:00:00Z");
    }

    @Test
    void googleChatCanSendACardV2() throws Exception {
        new GoogleChatNotifier("team", receiver.url("/card"), true, TIMEOUT).send(SampleNotifications.critical());
        Map<String, Object> body = receiver.take("/card", WAIT).json();
        assertThat(body.get("text")).isEqualTo("*" + SampleNotifications.critical().title() + "*");
        Map<String, Object> card = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) body.get("cardsV2")).get(0)).get("card");
        assertThat((Map<String, Object>) card.get("header")).containsEntry("title", SampleNotifications.critical().title())
                .containsEntry("subtitle", "example-server · critical · firing");
        List<Object> widgets = (List<Object>) ((Map<String, Object>) ((List<Object>) card.get("sections")).get(0)).get("widgets");
        assertThat((String) ((Map<String, Object>) ((Map<String, Object>) widgets.get(0)).get("textParagraph")).get("text"))
                .startsWith("since 2025-03-01T11:55:00Z<br>acknowledge").contains("&lt;you&gt;");
        assertThat(widgets).contains(Map.of("decoratedText", Map.of("topLabel", "alertId", "text", "alt-critical-1")));
    }

    @Test
    void aNon2xxAnswerFailsAndTheMessageHidesTheUrlsSecrets() {
        String path = "/hooks/" + HOOK_TOKEN;
        receiver.respond(path, 500);
        WebhookNotifier hook = new WebhookNotifier("ops", receiver.url(path), Map.of("Authorization", HEADER_TOKEN), TIMEOUT);
        assertThatThrownBy(() -> hook.send(SampleNotifications.critical())).isInstanceOf(NotificationFailure.class)
                // The receiver's answer quotes the path, token included: scrubbed too.
                .hasMessage("webhook:ops: POST " + receiver.url("/").toString().replaceAll("/$", "") + "/… answered HTTP 500: "
                        + "receiver says no to ***");
    }

    @Test
    void aClosedPortFailsAndTheMessageHidesTheUrlsSecrets() throws IOException {
        URI closed = closedPortUrl("/hooks/" + HOOK_TOKEN + "?token=" + HEADER_TOKEN);
        SlackNotifier slack = new SlackNotifier("ops", closed, true, TIMEOUT);
        assertThatThrownBy(() -> slack.send(SampleNotifications.critical())).isInstanceOf(NotificationFailure.class)
                .hasMessageStartingWith("slack:ops: POST http://127.0.0.1:" + closed.getPort() + "/… failed: ConnectException")
                .message().doesNotContain(HOOK_TOKEN, HEADER_TOKEN);
    }

    static URI closedPortUrl(String pathAndQuery) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /**
     * A channel answering 500 (held for a while first: a slow receiver) and one pointing at a closed port are
     * retried with backoff; the healthy channel gets every notification meanwhile, and no secret reaches the log.
     */
    @Test
    void failingChannelsAreRetriedWithBackoffAndDelayNoOtherChannel() throws Exception {
        String goodPath = "/good/" + HOOK_TOKEN;
        String badPath = "/bad/" + HOOK_TOKEN;
        receiver.respond(badPath, 500);
        CountDownLatch slow = new CountDownLatch(1);
        receiver.hold(badPath, slow);
        URI closed = closedPortUrl("/down/" + HOOK_TOKEN);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + HEADER_TOKEN);
        RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(200));

        try (CapturedStderr log = CapturedStderr.start();
             NotificationDispatcher d = new NotificationDispatcher(List.of(
                     Channel.of("bad", new WebhookNotifier("bad", receiver.url(badPath), auth, TIMEOUT)),
                     Channel.of("down", new WebhookNotifier("down", closed, auth, TIMEOUT)),
                     Channel.of("good", new WebhookNotifier("good", receiver.url(goodPath), auth, TIMEOUT))),
                     retry, 100, Duration.ofSeconds(5), Clock.SYSTEM)) {
            d.dispatch(SampleNotifications.critical());
            d.dispatch(SampleNotifications.warning());

            // Both reach the healthy receiver while "bad" still holds its first request.
            assertThat(receiver.take(goodPath, WAIT).json()).containsEntry("severity", "critical");
            assertThat(receiver.take(goodPath, WAIT).json()).containsEntry("severity", "warning");
            assertThat(receiver.received(badPath)).hasSize(1);
            assertThat(d.stats().get(0).queued()).isEqualTo(2);
            slow.countDown();

            assertThat(d.awaitIdle(WAIT)).isTrue();
            List<LoopbackReceiver.Request> attempts = receiver.received(badPath);
            assertThat(attempts).hasSize(8);
            // Backoff between the attempts at one notification: at least 50, 100, 200 ms.
            long[] minGapMillis = {50, 100, 200};
            for (int i = 0; i < 3; i++) {
                long gapNanos = attempts.get(i + 1).arrivedNanos() - attempts.get(i).arrivedNanos();
                assertThat(gapNanos).as("gap before attempt %d", i + 2).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(minGapMillis[i]));
            }

            ChannelStats bad = d.stats().get(0);
            ChannelStats down = d.stats().get(1);
            ChannelStats good = d.stats().get(2);
            assertThat(List.of(bad.sent(), bad.failed(), bad.retries())).containsExactly(0L, 2L, 6L);
            assertThat(List.of(down.sent(), down.failed(), down.retries())).containsExactly(0L, 2L, 6L);
            assertThat(List.of(good.sent(), good.failed(), good.retries())).containsExactly(2L, 0L, 0L);
            assertThat(bad.lastError().orElseThrow()).contains("answered HTTP 500");
            assertThat(down.lastError().orElseThrow()).contains("ConnectException");

            String logged = log.text();
            assertThat(logged).contains("webhook:bad: attempt 1/4 failed, retrying in 50 ms", "webhook:bad: gave up a firing notification after 4 attempt(s)",
                    "webhook:down: gave up");
            String everything = logged + NotificationJson.write(d.describeChannels()) + bad.lastError() + down.lastError();
            assertThat(everything).doesNotContain(HOOK_TOKEN, HEADER_TOKEN);
        }
    }
}
