package io.mcpmonitor.mcp.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * POSTs JSON to one URL and accepts any 2xx answer: the transport of the webhook, Slack and Google Chat channels.
 * Thread-safe (one {@link HttpClient}, connection reuse included). Redirects are not followed: a webhook that
 * moved should be reconfigured, not chased with its token.
 */
final class HttpJsonSender {

    private static final int MAX_ERROR_BODY_CHARS = 200;

    private final String channel;
    private final URI url;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final Secrets secrets;
    private final HttpClient client;

    /**
     * @param channel  {@code describe()} of the channel, for messages
     * @param url      http or https
     * @param headers  extra headers (values are secrets)
     * @param timeout  for connecting and for the whole request
     * @param secrets  the channel's other secrets; the URL's parts and header values are added here
     */
    HttpJsonSender(String channel, URI url, Map<String, String> headers, Duration timeout, Secrets secrets) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException(channel + ": url must be an absolute http or https URL");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(channel + ": timeout must be positive, was " + timeout);
        }
        this.channel = channel;
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
        this.secrets = secrets.withUrl(url).with(headers.values());
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    String redactedUrl() {
        return Secrets.redactUrl(url);
    }

    Secrets secrets() {
        return secrets;
    }

    /** Sends {@code json} (already serialized); throws unless the answer is 2xx. */
    void post(String json) throws NotificationFailure {
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "mcp-monitor");
        headers.forEach(req::header);
        HttpResponse<String> answer;
        try {
            answer = client.send(req.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw secrets.failure(channel + ": POST " + redactedUrl() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotificationFailure(channel + ": POST " + redactedUrl() + " interrupted");
        }
        int status = answer.statusCode();
        if (status < 200 || status > 299) {
            String body = answer.body() == null ? "" : answer.body().strip();
            throw new NotificationFailure(secrets.scrub(channel + ": POST " + redactedUrl() + " answered HTTP " + status
                    + (body.isEmpty() ? "" : ": " + MessageText.truncate(body, MAX_ERROR_BODY_CHARS))));
        }
    }
}
