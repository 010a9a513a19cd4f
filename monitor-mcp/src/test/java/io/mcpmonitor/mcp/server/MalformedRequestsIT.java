package io.mcpmonitor.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After 1,000 malformed requests the server still answers correct ones correctly. */
class MalformedRequestsIT {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    @Test
    void survivesAThousandMalformedRequestsAndKeepsStdoutPureJsonRpc() throws Exception {
        Process p = SidecarProcess.spawn(store);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (Exception ignored) {
                // process gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        Thread drainErr = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(OutputStream.nullOutputStream());
            } catch (Exception ignored) {
                // process gone
            }
        });
        drainErr.setDaemon(true);
        drainErr.start();
        try (OutputStream in = p.getOutputStream()) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}");
            assertThat(awaitId(lines, 0).path("result").path("serverInfo").path("name").asText()).isEqualTo("mcp-monitor");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            List<String> kinds = List.of(
                    "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":",                                  // truncated JSON
                    "this is not json %d",                                                       // not JSON
                    "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"no/such/method\"}",              // unknown method
                    "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":123}}",  // wrong type
                    "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":\"x\"}",  // params not an object
                    "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"get_metrics\",\"arguments\":[1,2]}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}}}",
                    "[%d]",                                                                      // batch of garbage
                    "{\"jsonrpc\":\"1.0\",\"id\":%d,\"method\":\"tools/list\"}",
                    "{\"id\":%d}");
            for (int i = 0; i < 1000; i++) {
                send(in, String.format(kinds.get(i % kinds.size()), 1000 + i));
            }
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":5001,\"method\":\"tools/call\",\"params\":{\"name\":\"track_performance\","
                    + "\"arguments\":{\"mcpServer\":\"after-fuzz\",\"toolName\":\"t\",\"duration\":42,\"success\":true}}}");
            JsonNode tracked = awaitId(lines, 5001);
            assertThat(tracked.path("result").path("isError").asBoolean()).isFalse();
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":5002,\"method\":\"tools/call\",\"params\":{\"name\":\"get_metrics\","
                    + "\"arguments\":{\"mcpServer\":\"after-fuzz\",\"aggregation\":\"max\"}}}");
            JsonNode metrics = awaitId(lines, 5002);
            assertThat(metrics.path("result").path("structuredContent").path("summary").path("totalCalls").asLong()).isEqualTo(1);
            assertThat(metrics.path("result").path("structuredContent").path("summary").path("maxResponseTime").asDouble())
                    .isBetween(41.5, 42.5);
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":5003,\"method\":\"tools/list\"}");
            assertThat(awaitId(lines, 5003).path("result").path("tools").size()).isGreaterThanOrEqualTo(3);
        }
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exits when stdin closes").isTrue();
        reader.join(5000);
        for (String l : lines) {
            assertThat(JSON.readTree(l).path("jsonrpc").asText()).as("stdout line %s", l).isEqualTo("2.0");
        }
    }

    static void send(OutputStream in, String line) throws Exception {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    static JsonNode awaitId(BlockingQueue<String> lines, int id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        java.util.List<String> seen = new java.util.ArrayList<>();
        while (System.nanoTime() < deadline) {
            String l = lines.poll(1, TimeUnit.SECONDS);
            if (l == null) {
                continue;
            }
            seen.add(l);
            JsonNode n = JSON.readTree(l);
            if (n.path("id").asInt(-1) == id) {
                lines.addAll(seen); // keep everything for the stdout purity check
                return n;
            }
        }
        throw new AssertionError("no answer to id " + id + "; last lines: " + seen.subList(Math.max(0, seen.size() - 5), seen.size()));
    }
}
