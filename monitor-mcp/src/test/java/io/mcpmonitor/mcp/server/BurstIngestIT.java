package io.mcpmonitor.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "stored" means on disk: 30 {@code track_performance} calls of 10,000 metrics each, back to back over
 * one connection, every one answered "stored 10000", then the connection closed the way clients close
 * it (stdin closed, SIGTERM two seconds later; over HTTP, SIGTERM right after the last answer) — and a
 * fresh sidecar counts exactly 300,000 calls, not one more or less.
 */
class BurstIngestIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int CALLS = 30;
    static final int PER_CALL = 10_000;

    @TempDir
    Path store;

    /** Metrics of call {@code c}, spread over the last 30 minutes, 1 in 50 a tool error. */
    static List<Map<String, Object>> metrics(int c, Instant now) {
        List<Map<String, Object>> out = new ArrayList<>(PER_CALL);
        for (int i = 0; i < PER_CALL; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mcpServer", "burst");
            m.put("toolName", "tool-" + (i % 7));
            m.put("duration", 5 + (i * 31 + c) % 400);
            m.put("success", i % 50 != 0);
            m.put("timestamp", now.minus((i + c) % 30, ChronoUnit.MINUTES).minusMillis(i % 1000).toString());
            out.add(m);
        }
        return out;
    }

    @Test
    void overStdioEveryAcknowledgedCallIsStoredExactlyOnceThroughTheClientsNormalClose() throws Exception {
        Process p = new ProcessBuilder(SidecarProcess.java(), "-jar", SidecarProcess.jar(), "serve", "--store", store.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        OutputStream in = p.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        send(in, Map.of("jsonrpc", "2.0", "id", 0, "method", "initialize", "params", Map.of("protocolVersion", "2025-06-18",
                "capabilities", Map.of(), "clientInfo", Map.of("name", "burst", "version", "1"))));
        assertThat(answer(out).path("result").path("serverInfo").path("name").asText()).isEqualTo("mcp-monitor");
        send(in, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
        Instant now = Instant.now();
        for (int c = 1; c <= CALLS; c++) {   // back to back: no waiting for answers in between
            send(in, Map.of("jsonrpc", "2.0", "id", c, "method", "tools/call",
                    "params", Map.of("name", "track_performance", "arguments", Map.of("metrics", metrics(c, now)))));
        }
        for (int c = 1; c <= CALLS; c++) {
            JsonNode a = answer(out);
            assertThat(a.path("result").path("isError").asBoolean()).as("%s", a).isFalse();
            assertThat(a.path("result").path("structuredContent").path("stored").asInt()).isEqualTo(PER_CALL);
        }
        in.close();                       // the official TypeScript client's close: stdin, then SIGTERM 2 s later
        Thread.sleep(2_000);
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(storedCalls()).isEqualTo((long) CALLS * PER_CALL);
    }

    @Test
    void overHttpEveryAcknowledgedCallIsStoredExactlyOnceThoughTheServerIsStoppedRightAfter() throws Exception {
        Instant now = Instant.now();
        try (SidecarProcess.Http http = SidecarProcess.http(store, "--http", "127.0.0.1:0")) {
            McpSyncClient client = http.client(null);
            for (int c = 1; c <= CALLS; c++) {
                CallToolResult r = client.callTool(CallToolRequest.builder("track_performance")
                        .arguments(Map.of("metrics", metrics(c, now))).build());
                assertThat(r.isError()).as("%s", r.content()).isFalse();
                assertThat(SidecarProcess.structured(r)).containsEntry("stored", PER_CALL);
            }
            http.process().destroy();     // SIGTERM at once: nothing acknowledged may be waiting in memory
            assertThat(http.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(storedCalls()).isEqualTo((long) CALLS * PER_CALL);
    }

    /** The calls a fresh sidecar counts in the store over the last two hours. */
    long storedCalls() {
        List<String> stderr = new ArrayList<>();
        McpSyncClient fresh = SidecarProcess.stdio(store, stderr);
        try {
            Instant end = Instant.now().plus(2, ChronoUnit.MINUTES);
            CallToolResult r = fresh.callTool(CallToolRequest.builder("list_servers").arguments(Map.of()).build());
            assertThat(r.isError()).isFalse();
            CallToolResult m = fresh.callTool(CallToolRequest.builder("get_metrics").arguments(Map.of("mcpServer", "burst",
                    "aggregation", "count", "startTime", end.minus(2, ChronoUnit.HOURS).toString(), "endTime", end.toString())).build());
            assertThat(m.isError()).as("%s", m.content()).isFalse();
            JsonNode summary = JSON.valueToTree(SidecarProcess.structured(m)).path("summary");
            return summary.path("totalCalls").asLong(-1);
        } finally {
            fresh.closeGracefully();
        }
    }

    static void send(OutputStream in, Object message) throws Exception {
        in.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    static JsonNode answer(BufferedReader out) throws Exception {
        String line;
        while ((line = out.readLine()) != null) {
            JsonNode n = JSON.readTree(line);
            if (n.has("id")) {
                return n;
            }
        }
        throw new AssertionError("the sidecar closed its output before answering");
    }
}
