package io.mcpmonitor.mcp.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (JDK {@code HttpServer}, ephemeral port) that records every request by path and
 * answers 200 unless told otherwise; a path can be held on a gate to play a slow receiver. The webhook the ITs of
 * every package send their notifications to.
 */
public final class LoopbackReceiver implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived ({@link System#nanoTime()}). */
    public record Request(String path, String query, Map<String, List<String>> headers, String body, long arrivedNanos) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            try {
                return JSON.readValue(body, Map.class);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The body as a JSON tree. */
        public JsonNode tree() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse("");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-receiver");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, BlockingQueue<Request>> requests = new ConcurrentHashMap<>();
    private final Map<String, Integer> status = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    private LoopbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static LoopbackReceiver start() throws IOException {
        return new LoopbackReceiver();
    }

    public URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    /**
     * Writes {@code store/notifications.json} with one webhook channel, {@code test-hook}, that posts to {@code path}
     * here: three attempts, 100 to 500 ms apart.
     */
    public void configureWebhook(Path store, String path) throws IOException {
        Files.writeString(store.resolve("notifications.json"), """
                {"formatVersion": 1, "retry": {"maxAttempts": 3, "initialBackoffMs": 100, "maxBackoffMs": 500},
                 "channels": [{"name": "test-hook", "type": "webhook", "url": "%s"}]}
                """.formatted(url(path)));
    }

    /** Answer {@code code} on {@code path} from now on. */
    void respond(String path, int code) {
        status.put(path, code);
    }

    /** Requests on {@code path} wait for {@code gate} before they are answered. */
    void hold(String path, CountDownLatch gate) {
        gates.put(path, gate);
    }

    private BlockingQueue<Request> queue(String path) {
        return requests.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    /** The next request on {@code path}, waiting up to {@code timeout}. */
    Request take(String path, Duration timeout) throws InterruptedException {
        Request r = queue(path).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no request on " + path + " within " + timeout);
        }
        return r;
    }

    /** Everything received on {@code path} so far, without removing it. */
    public List<Request> received(String path) {
        return new ArrayList<>(queue(path));
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        queue(path).add(new Request(path, ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders()), body,
                System.nanoTime()));
        CountDownLatch gate = gates.get(path);
        if (gate != null) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int code = status.getOrDefault(path, 200);
        byte[] answer = (code == 200 ? "ok" : "receiver says no to " + path).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, answer.length);
        ex.getResponseBody().write(answer);
        ex.close();
    }

    @Override
    public void close() {
        gates.values().forEach(CountDownLatch::countDown);
        server.stop(0);
        executor.shutdownNow();
    }
}
