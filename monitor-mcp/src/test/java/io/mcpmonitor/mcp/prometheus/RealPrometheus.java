package io.mcpmonitor.mcp.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    public static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process process;
    private final URI base;
    private final Path log;

    private RealPrometheus(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port));
        cmd.addAll(List.of(flags));
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealPrometheus prometheus = new RealPrometheus(p, URI.create("http://127.0.0.1:" + port), log);
        prometheus.awaitReady();
        return prometheus;
    }

    public URI base() {
        return base;
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus not ready within " + PATIENCE + ": " + Files.readString(log));
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
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** Polls {@code promql} until its result satisfies {@code done}; fails with the last result after {@link #PATIENCE}. */
    public JsonNode awaitQuery(String promql, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = query(promql);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(promql + " never satisfied within " + PATIENCE + "; last: " + last + "\nlog: " + Files.readString(log));
    }

    /** The single scalar value of a one-series vector result. */
    public static double value(JsonNode result) {
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
