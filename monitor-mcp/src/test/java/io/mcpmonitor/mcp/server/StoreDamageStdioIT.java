package io.mcpmonitor.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sidecar over a store damaged between two runs — store.json and alerts/state.json
 * garbled, a minute line altered on disk so that it still parses — keeps serving: it starts, says on
 * stderr what it repaired, answers list_servers and get_metrics with every intact call and a
 * storeHealth note, keeps the alert rule set before the damage, and {@code compact} prints the damage.
 */
class StoreDamageStdioIT {

    @TempDir
    Path store;

    @Test
    void aDamagedStoreIsServedWithWhatIsIntactAndTheDamageSaid() throws Exception {
        List<String> firstErr = new CopyOnWriteArrayList<>();
        McpSyncClient first = SidecarProcess.stdio(store, firstErr);
        try {
            List<Map<String, Object>> metrics = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                metrics.add(Map.of("mcpServer", "keep", "toolName", "t", "duration", 10 + i, "success", true));
            }
            assertThat(call(first, "track_performance", Map.of("metrics", metrics)).isError()).isFalse();
            CallToolResult rule = call(first, "set_alert_threshold", Map.of("mcpServer", "keep", "toolName", "t",
                    "metric", "response_time", "statistic", "p99", "threshold", 250, "severity", "critical"));
            assertThat(rule.isError()).as(SidecarProcess.text(rule)).isFalse();
        } finally {
            first.closeGracefully();
        }

        Files.writeString(store.resolve("store.json"), "{\"formatVers");
        Path state = store.resolve("alerts").resolve("state.json");
        byte[] good = Files.readAllBytes(state);
        Files.write(state, java.util.Arrays.copyOf(good, good.length / 3));
        Path minute;
        try (Stream<Path> s = Files.walk(store.resolve("minute"))) {
            minute = s.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        // A copy of a stored line with one count changed: valid JSON, a valid record, but not what was written.
        String line = Files.readAllLines(minute).stream().filter(l -> l.contains("\"type\":\"calls\"")).findFirst().orElseThrow();
        String altered = line.replaceFirst("\"success\":(\\d+)", "\"success\":9$1");
        assertThat(altered).isNotEqualTo(line);
        Files.writeString(minute, altered + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        List<String> stderr = new CopyOnWriteArrayList<>();
        McpSyncClient second = SidecarProcess.stdio(store, stderr);
        try {
            Map<String, Object> servers = SidecarProcess.structured(call(second, "list_servers", Map.of()));
            @SuppressWarnings("unchecked")
            Map<String, Object> keep = ((List<Map<String, Object>>) servers.get("servers")).get(0);
            assertThat(((Number) keep.get("calls")).longValue()).as("every intact call, the altered line not counted")
                    .isEqualTo(100);
            assertThat(servers).containsKey("storeHealth");
            @SuppressWarnings("unchecked")
            Map<String, Object> health = (Map<String, Object>) servers.get("storeHealth");
            assertThat(((Number) health.get("malformedLines")).longValue()).isEqualTo(1);
            assertThat(health.get("problems").toString()).contains(minute.toString()).contains("checksum mismatch");

            CallToolResult metrics = call(second, "get_metrics", Map.of("aggregation", "count"));
            assertThat(SidecarProcess.text(metrics)).contains("store health: 1 damaged line(s)");
            assertThat(SidecarProcess.structured(metrics)).containsKey("storeHealth");

            CallToolResult rules = call(second, "list_alert_rules", Map.of("mcpServer", "keep"));
            assertThat(SidecarProcess.text(rules)).contains("250").contains("restored from its last-good copy");
            assertThat(stderr).anySatisfy(l -> assertThat(l).contains("store.json was damaged"));
            assertThat(stderr).anySatisfy(l -> assertThat(l).contains("state.json was damaged"));
        } finally {
            second.closeGracefully();
        }

        Process compact = new ProcessBuilder(SidecarProcess.java(), "-jar", SidecarProcess.jar(), "compact", "--store",
                store.toString()).redirectErrorStream(true).start();
        String out = new String(compact.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(compact.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(compact.exitValue()).as(out).isZero();
        assertThat(out).contains("store health: 1 damaged line(s)").contains("checksum mismatch");
    }

    static CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(CallToolRequest.builder(tool).arguments(args).build());
    }
}
