package io.mcpmonitor.mcp.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpmonitor.testkit.LoopbackDaemon;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real Alertmanager (Debian's {@code /usr/bin/prometheus-alertmanager}) on a free loopback port, with
 * clustering off, its own config and storage under {@code dir}, routing everything to one webhook at
 * once (group wait and interval 1 s) and sending resolutions.
 */
public final class RealAlertmanager implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackDaemon daemon;

    private RealAlertmanager(LoopbackDaemon daemon) {
        this.daemon = daemon;
    }

    /** Starts Alertmanager sending every alert group to {@code webhook}. */
    public static RealAlertmanager start(Path dir, URI webhook) throws Exception {
        Files.createDirectories(dir);
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: hook
                  group_by: ['alertname', 'mcp_server_name', 'gen_ai_tool_name']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: '%s'
                        send_resolved: true
                """.formatted(webhook));
        return new RealAlertmanager(LoopbackDaemon.start("alertmanager", port -> List.of(
                "/usr/bin/prometheus-alertmanager", "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address="),
                dir.resolve("alertmanager.log"), "/-/ready"));
    }

    public URI base() {
        return daemon.base();
    }

    /** {@code GET /api/v2/alerts}: the alerts Alertmanager holds as active (not resolved). */
    public JsonNode alerts() throws Exception {
        return JSON.readTree(daemon.get("/api/v2/alerts"));
    }

    /** Polls {@link #alerts()} until {@code done} holds; fails with the last answer after the patience. */
    public JsonNode awaitAlerts(Predicate<JsonNode> done) throws Exception {
        return daemon.poll("alertmanager alerts", this::alerts, done, Duration.ofMillis(300));
    }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }
}
