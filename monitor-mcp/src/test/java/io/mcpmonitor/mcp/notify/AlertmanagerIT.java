package io.mcpmonitor.mcp.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.alert.Severity;
import io.mcpmonitor.core.alert.Statistic;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.notify.Notification.Kind;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.mcp.prometheus.RealAlertmanager;
import io.mcpmonitor.mcp.prometheus.RealPrometheus;
import io.mcpmonitor.mcp.prometheus.ServedSidecar;
import io.mcpmonitor.testkit.Jars;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts at fleet scale through the real Prometheus and Alertmanager: the rule file {@code rules export
 * --format prometheus} writes fires in Prometheus and reaches a webhook through Alertmanager; the
 * {@code alertmanager} channel's alerts are listed by Alertmanager's API and resolve.
 */
class AlertmanagerIT {

    private static final Duration PATIENCE = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    @Test
    void theExportedRulesFireInPrometheusAndReachAWebhookThroughAlertmanager() throws Exception {
        Path store = dir.resolve("store");
        String ruleId = AlertRule.idFor("weather", "slow", AlertMetric.RESPONSE_TIME, Severity.CRITICAL);
        AlertEngine.open(store, AlertPolicy.DEFAULT).setRule(new AlertRule(ruleId, "weather", "slow", AlertMetric.RESPONSE_TIME,
                Statistic.P95, 300, Severity.CRITICAL, Duration.ofMinutes(1), Duration.ZERO, true, 3, false));
        Path rules = dir.resolve("mcp-monitor.rules.yml");
        Process export = new ProcessBuilder(Jars.java(), "-jar", Jars.monitorMcp().toString(),
                "rules", "export", "--format", "prometheus", "--store", store.toString(), "--output", rules.toString())
                .redirectErrorStream(true).start();
        String exportOut = new String(export.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(export.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(export.exitValue()).as(exportOut).isZero();
        assertThat(Files.readString(rules)).contains(ruleId);

        AtomicBoolean running = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            try (Monitor m = Monitor.builder().storeDirectory(store).flushInterval(Duration.ofMillis(500)).build()) {
                while (running.get()) {
                    for (int i = 0; i < 5; i++) {
                        m.record("weather", "slow", 800_000_000L + i * 10_000_000L, Outcome.SUCCESS);
                        m.record("weather", "fast", 4_000_000L, Outcome.SUCCESS);
                    }
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "traffic");
        traffic.start();
        try (LoopbackReceiver hook = LoopbackReceiver.start();
             RealAlertmanager am = RealAlertmanager.start(dir.resolve("am"), hook.url("/am"));
             ServedSidecar sidecar = ServedSidecar.start(store, "--metrics", "127.0.0.1:0");
             RealPrometheus prometheus = RealPrometheus.start(dir.resolve("prom"), List.of(sidecar.metricsTarget()), """
                     rule_files: ['%s']
                     alerting:
                       alertmanagers:
                         - static_configs:
                             - targets: ['%s']
                     """.formatted(rules, am.base().getAuthority()))) {
            JsonNode loaded = prometheus.get("/api/v1/rules");
            assertThat(loaded.toString()).contains(ruleId, "McpMonitorResponseTime", "McpMonitorNoData");

            LoopbackReceiver.Request delivered = hook.take("/am", PATIENCE);
            Map<String, Object> body = delivered.json();
            assertThat(body.get("status")).isEqualTo("firing");
            @SuppressWarnings("unchecked")
            Map<String, Object> alert = ((List<Map<String, Object>>) body.get("alerts")).get(0);
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) alert.get("labels");
            assertThat(labels).containsEntry("alertname", "McpMonitorResponseTime").containsEntry("severity", "critical")
                    .containsEntry("mcp_server_name", "weather").containsEntry("gen_ai_tool_name", "slow")
                    .containsEntry("mcp_monitor_rule_id", ruleId);
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) alert.get("annotations");
            assertThat((String) annotations.get("summary")).isEqualTo("weather / slow: response time p95 above 300 ms");
        } finally {
            running.set(false);
            traffic.join(30_000);
        }
    }

    private static Notification notification(Kind kind, Instant at) {
        Map<String, Object> f = SampleNotifications.fields("alt-am-1", "critical", 812.5);
        f.put("startsAt", at.minusSeconds(60).toString());
        String title = "[CRITICAL] example-server/slow_query: p95 response time 812.5 ms > 500 ms";
        return new Notification(kind, "critical", "example-server", title, title + "\nsince a minute ago\n", f, at, List.of());
    }

    private static boolean listed(JsonNode alerts) {
        return StreamSupport.stream(alerts.spliterator(), false)
                .anyMatch(a -> "alt-am-1".equals(a.path("labels").path("mcp_monitor_alert_id").asText()));
    }

    @Test
    void theAlertmanagerChannelsAlertsAreListedAndResolve() throws Exception {
        try (LoopbackReceiver hook = LoopbackReceiver.start();
             RealAlertmanager am = RealAlertmanager.start(dir.resolve("am"), hook.url("/am"))) {
            Channel channel = NotificationConfig.parse("""
                    {"channels": [{"name": "am", "type": "alertmanager", "url": "%s", "labels": {"team": "payments"}}]}
                    """.formatted(am.base()), k -> null).channels().get(0);
            assertThat(channel.redacted()).containsEntry("type", "alertmanager");

            channel.notifier().send(notification(Kind.FIRING, Instant.now()));
            JsonNode alerts = am.awaitAlerts(AlertmanagerIT::listed);
            JsonNode a = alerts.get(0);
            assertThat(a.path("labels").path("alertname").asText()).isEqualTo("McpMonitorResponseTime");
            assertThat(a.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(a.path("labels").path("team").asText()).isEqualTo("payments");
            assertThat(a.path("labels").path("gen_ai_tool_name").asText()).isEqualTo("slow_query");
            assertThat(a.path("annotations").path("summary").asText()).startsWith("[CRITICAL] example-server/slow_query");
            assertThat(a.path("annotations").path("currentValue").asText()).isEqualTo("812.5");
            assertThat(a.path("status").path("state").asText()).isEqualTo("active");
            assertThat(hook.take("/am", PATIENCE).json().get("status")).isEqualTo("firing");

            channel.notifier().send(notification(Kind.RESOLVED, Instant.now()));
            am.awaitAlerts(list -> !listed(list));
            Map<String, Object> resolved = hook.take("/am", PATIENCE).json();
            assertThat(resolved.get("status")).isEqualTo("resolved");
        }
    }
}
