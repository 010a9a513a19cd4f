package io.mcpmonitor.mcp.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpmonitor.testkit.LoopbackDaemon;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) on a free loopback port with its own config
 * and data directory under {@code dir}, scraping every second. Its log goes to {@code dir/prometheus.log}.
 */
public final class RealPrometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackDaemon daemon;

    private RealPrometheus(LoopbackDaemon daemon) {
        this.daemon = daemon;
    }

    /**
     * Starts Prometheus scraping {@code targets} ({@code host:port}, path /metrics) and, when given, with
     * {@code extraConfig} appended to its config (rule_files, alerting) and {@code flags} (feature flags).
     */
    public static RealPrometheus start(Path dir, List<String> targets, String extraConfig, String... flags) throws Exception {
        Files.createDirectories(dir);
        StringBuilder yml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: mcp-monitor
                    static_configs:
                      - targets: [%s]
                """.formatted(String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())));
        if (extraConfig != null) {
            yml.append(extraConfig);
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, yml);
        return new RealPrometheus(LoopbackDaemon.start("prometheus", port -> {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port));
            cmd.addAll(List.of(flags));
            return cmd;
        }, dir.resolve("prometheus.log"), "/-/ready"));
    }

    public URI base() {
        return daemon.base();
    }

    /** The {@code data.result} of an instant query. */
    public JsonNode query(String promql) throws Exception {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException(promql + ": " + body);
        }
        return body.path("data").path("result");
    }

    public JsonNode get(String pathAndQuery) throws Exception {
        return JSON.readTree(daemon.get(pathAndQuery));
    }

    /** Polls {@code promql} until its result satisfies {@code done}; fails with the last result after {@link LoopbackDaemon#PATIENCE}. */
    public JsonNode awaitQuery(String promql, Predicate<JsonNode> done) throws Exception {
        return daemon.poll(promql, () -> query(promql), done, Duration.ofMillis(500));
    }

    /** The single scalar value of a one-series vector result. */
    public static double value(JsonNode result) {
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }
}
