package io.mcpmonitor.prometheus.exposition;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} over HTTP: the format the scraper's {@code Accept} header asks for (Prometheus
 * text, OpenMetrics, or Prometheus protobuf with native histograms), written by Prometheus'
 * client_java exposition library. Anything else is 404; a method other than GET or HEAD is 405; a
 * failure to collect is a 500 naming the cause (on the response, never on stdout).
 *
 * <p>Two handler threads: scrapes are rare and a slow one must not queue the next behind it forever.
 */
public final class MetricsEndpoint implements AutoCloseable {

    public static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService threads;

    private MetricsEndpoint(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /**
     * Serves {@code metrics} at {@code http://host:port/metrics}; port 0 picks a free port. With a
     * {@code token} (null for none), a scrape must send {@code Authorization: Bearer <token>} (Prometheus'
     * {@code authorization} scrape setting), else 401.
     */
    public static MetricsEndpoint start(String host, int port, String token, Supplier<MetricSnapshots> metrics)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExpositionFormats formats = ExpositionFormats.init();
        server.createContext("/", exchange -> {
            if (token != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"), token)) {
                try (exchange) {
                    text(exchange, 401, "unauthorized: send Authorization: Bearer <token>\n");
                }
                return;
            }
            handle(exchange, formats, metrics);
        });
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mcp-monitor-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.start();
        return new MetricsEndpoint(server, threads);
    }

    /** Where the metrics are served, e.g. {@code http://127.0.0.1:9464/metrics}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + PATH);
    }

    private static void handle(HttpExchange exchange, ExpositionFormats formats, Supplier<MetricSnapshots> metrics)
            throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                text(exchange, 404, "not found: metrics are at " + PATH + "\n");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                text(exchange, 405, "method not allowed: " + method + "\n");
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
            ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
            try {
                writer.write(body, metrics.get());
            } catch (RuntimeException e) {
                text(exchange, 500, "cannot collect metrics: " + e.getMessage() + "\n");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.size());
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        }
    }

    private static boolean authorized(String header, String token) {
        byte[] expected = ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] given = header == null ? new byte[0] : header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.security.MessageDigest.isEqual(expected, given);
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        byte[] b = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, b.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
