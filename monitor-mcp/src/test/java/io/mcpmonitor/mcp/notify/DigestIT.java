package io.mcpmonitor.mcp.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.deploy.DeploymentLog;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.record.Clock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import io.mcpmonitor.mcp.report.GeneratePerformanceReportTool;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.testkit.ManualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daily digest at 08:00 Europe/Berlin, with a manual clock over a real store, through the real
 * dispatcher to GreenMail (SMTP) and a webhook on loopback: sent once a day (not before 08:00, not
 * twice, not again after a restart), its numbers the JSON report of generate_performance_report for
 * the same 24 hours.
 */
class DigestIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    /** The test kit's manual time as a {@link Clock}, set to instants in order. */
    static final class ManualClock extends ManualTime implements Clock {
        ManualClock() {
            super(0);
        }

        void set(String instant) {
            setWallMillis(Instant.parse(instant).toEpochMilli());
        }
    }

    void history() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        long from = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
        try (Monitor m = Monitor.builder().storeDirectory(store).flushInterval(Duration.ZERO).writerId("it").build()) {
            for (long t = from; t < to; t += 30_000) {
                boolean fail = r.nextDouble() < 0.03;
                m.recordAt(t, "weather", "forecast", (long) (20e6 * (0.5 + r.nextDouble())), fail ? Outcome.TOOL_ERROR
                        : Outcome.SUCCESS, fail ? "tool_error" : null, fail ? "city not found" : null);
                m.recordAt(t, "weather", "radar", (long) (900e6 * (0.5 + r.nextDouble())), Outcome.SUCCESS, null, null);
            }
        }
        new DeploymentLog(store).record("weather", "3.1", null, Instant.parse("2026-11-24T15:00:00Z"), "ci", "", "cli");
    }

    @Test
    void aDailyDigestAtEightBerlinReachesMailAndWebhookOnceADayWithTheReportsNumbers() throws Exception {
        history();
        GreenMail mail = new GreenMail(EmailNotifierLoopbackTest.onFreePort(ServerSetupTest.SMTP));
        mail.start();
        ManualClock clock = new ManualClock();
        try (LoopbackReceiver http = LoopbackReceiver.start();
             Monitor ingest = Monitor.builder().storeDirectory(store).flushInterval(Duration.ZERO).build()) {
            String config = """
                    {"formatVersion": 1,
                     "channels": [
                       {"name": "mail", "type": "email", "host": "127.0.0.1", "port": %d,
                        "from": "mcp-monitor@example.com", "to": ["team@example.com"], "kinds": ["performance_digest"]},
                       {"name": "hook", "type": "webhook", "url": "http://127.0.0.1:%d/digest", "kinds": ["performance_digest"]}
                     ],
                     "digests": [{"name": "daily", "every": "daily", "at": "08:00", "zone": "Europe/Berlin"}]}
                    """.formatted(mail.getSmtp().getPort(), http.url("/").getPort());
            NotificationConfig parsed = NotificationConfig.parse(config, k -> null);
            StoreReader reader = new StoreReader(Store.open(store));
            ToolContext context = new ToolContext(reader, ingest, clock, AlertEngine.open(store, AlertPolicy.DEFAULT));
            List<Notification> sent = new ArrayList<>();
            try (NotificationDispatcher dispatcher = NotificationDispatcher.create(parsed)) {
                DigestRunner runner = new DigestRunner(context, parsed.digests());
                // 07:59 in Berlin (UTC+1 in November): nothing yet.
                clock.set("2026-11-25T06:59:30Z");
                assertThat(runner.due(Instant.ofEpochMilli(clock.wallMillis()))).isEmpty();
                // 08:00:10 Berlin: the digest of 2026-11-24 08:00 .. 2026-11-25 08:00 Berlin.
                clock.set("2026-11-25T07:00:10Z");
                List<Notification> first = runner.due(Instant.ofEpochMilli(clock.wallMillis()));
                assertThat(first).hasSize(1);
                sent.addAll(first);
                first.forEach(dispatcher::dispatch);
                // What generate_performance_report says for the same 24 hours, at the same moment.
                Map<String, Object> tool = new GeneratePerformanceReportTool().tools(context).get(0).handler()
                        .handle(new Arguments(Map.of("startTime", "2026-11-24T07:00:00Z", "endTime", "2026-11-25T07:00:00Z",
                                "format", "json"))).structured();
                for (String at : List.of("2026-11-25T07:00:40Z", "2026-11-25T12:00:00Z", "2026-11-26T06:59:59Z")) {
                    clock.set(at);
                    assertThat(runner.due(Instant.ofEpochMilli(clock.wallMillis()))).as(at).isEmpty();
                }
                // A restart the next morning, before 08:00, then at 08:00: one more digest.
                DigestRunner restarted = new DigestRunner(context, parsed.digests());
                clock.set("2026-11-26T07:00:05Z");
                List<Notification> second = restarted.due(Instant.ofEpochMilli(clock.wallMillis()));
                assertThat(second).hasSize(1);
                second.forEach(dispatcher::dispatch);
                clock.set("2026-11-26T07:30:00Z");
                assertThat(new DigestRunner(context, parsed.digests()).due(Instant.ofEpochMilli(clock.wallMillis()))).isEmpty();
                assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

                assertThat(mail.waitForIncomingEmail(WAIT.toMillis(), 2)).isTrue();
                assertThat(mail.getReceivedMessages()).hasSize(2);
                assertThat(mail.getReceivedMessages()[0].getSubject())
                        .isEqualTo("Daily performance digest: 2026-11-24 08:00 to 2026-11-25 08:00 Europe/Berlin");
                assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail.getReceivedMessages()[0]))
                        .contains("weather", "forecast", "3.1");
                assertThat(http.received("/digest")).hasSize(2);
                JsonNode hook = JSON.readTree(http.received("/digest").get(0).body());
                assertThat(hook.path("kind").asText()).isEqualTo("performance_digest");
                assertThat(hook.path("fields").path("startTime").asText()).isEqualTo("2026-11-24T07:00:00Z");
                assertThat(hook.path("fields").path("endTime").asText()).isEqualTo("2026-11-25T07:00:00Z");
                // Both as they go over the wire: the same JSON, number for number.
                assertThat(hook.path("fields").path("report").equals(JSON.readTree(JSON.writeValueAsString(tool.get("report")))))
                        .as("the digest's report equals generate_performance_report's").isTrue();
                assertThat(hook.path("fields").path("report").toString()).contains("\"totalCalls\"");
                assertThat(hook.path("fields").path("deployments").get(0).path("version").asText()).isEqualTo("3.1");
                JsonNode next = JSON.readTree(http.received("/digest").get(1).body());
                assertThat(next.path("fields").path("startTime").asText()).isEqualTo("2026-11-25T07:00:00Z");
            }
        } finally {
            mail.stop();
        }
    }
}
