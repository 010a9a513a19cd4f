package io.mcpmonitor.prometheus.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instant queries against a Prometheus-compatible HTTP API ({@code GET /api/v1/query}: Prometheus,
 * Thanos, Mimir, VictoriaMetrics). Thread-safe; one HTTP client, 30 s per query.
 */
public final class PromQl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One sample of a vector result. */
    public record Sample(Map<String, String> labels, double value) {
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param base e.g. {@code http://prometheus:9090} (a path prefix is kept) */
    public PromQl(URI base) {
        String s = base.toString();
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new IllegalArgumentException("prometheus url: must be an absolute http or https URL, was '" + base + "'");
        }
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    public URI base() {
        return base;
    }

    /**
     * The vector {@code promql} evaluates to at {@code at}.
     *
     * @throws IOException naming the query and Prometheus' error when it cannot be answered
     */
    public List<Sample> vector(String promql, Instant at) throws IOException {
        String url = base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + (at.toEpochMilli() / 1000.0);
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("prometheus query interrupted: " + promql, e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException("prometheus at " + base + " answered HTTP " + r.statusCode() + " without JSON to: " + promql);
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new IOException("prometheus at " + base + " refused " + promql + ": " + body.path("error").asText(r.body()));
        }
        JsonNode data = body.path("data");
        List<Sample> out = new ArrayList<>();
        if (!"vector".equals(data.path("resultType").asText())) {
            throw new IOException("prometheus: expected a vector for " + promql + ", got " + data.path("resultType").asText());
        }
        for (JsonNode s : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            s.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            out.add(new Sample(labels, Double.parseDouble(s.path("value").get(1).asText())));
        }
        return out;
    }
}
