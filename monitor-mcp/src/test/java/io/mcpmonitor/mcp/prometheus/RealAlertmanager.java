package io.mcpmonitor.mcp.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A real Alertmanager (Debian's {@code /usr/bin/prometheus-alertmanager}) on a free loopback port, with
 * clustering off, its own config and storage under {@code dir}, routing everything to one webhook at
 * once (group wait and interval 1 s) and sending resolutions.
 */
public final class RealAlertmanager implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process process;
    private final URI base;
    private final Path log;

    private RealAlertmanager(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
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
        int port = RealPrometheus.freePort();
        Path log = dir.resolve("alertmanager.log");
        Process p = new ProcessBuilder("/usr/bin/prometheus-alertmanager", "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealAlertmanager am = new RealAlertmanager(p, URI.create("http://127.0.0.1:" + port), log);
        am.awaitReady();
        return am;
    }

    public URI base() {
        return base;
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + RealPrometheus.PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("alertmanager exited: " + Files.readString(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("alertmanager not ready within " + RealPrometheus.PATIENCE + ": " + Files.readString(log));
    }

    /** {@code GET /api/v2/alerts}: the alerts Alertmanager holds as active (not resolved). */
    public JsonNode alerts() throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Polls {@link #alerts()} until {@code done} holds; fails with the last answer after the patience. */
    public JsonNode awaitAlerts(Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + RealPrometheus.PATIENCE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = alerts();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("alertmanager alerts never as expected; last: " + last + "\nlog: " + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
