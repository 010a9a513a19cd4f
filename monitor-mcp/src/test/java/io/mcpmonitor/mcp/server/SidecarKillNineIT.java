package io.mcpmonitor.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sidecar killed with SIGKILL at a random moment while a client sends
 * {@code track_performance} batches over HTTP, round after round on one store (3 rounds in every
 * build, 20 with {@code -Dreliability.full=true}): every batch answered "stored" is there, once;
 * the one batch in flight at the kill is there wholly or not at all; the sidecar restarts every time.
 */
@Tag("reliability")
class SidecarKillNineIT {

    static final int BATCH = 200;

    @TempDir
    Path store;

    @Test
    void aSidecarKilledAnywhereKeepsEveryStoredBatchOnce() throws Exception {
        Random rnd = new Random(20261202L);
        int rounds = Boolean.getBoolean("reliability.full") ? 20 : 3;
        long acknowledged = 0;
        for (int round = 0; round < rounds; round++) {
            AtomicLong ackedThisRound = new AtomicLong();
            try (SidecarProcess.Http http = SidecarProcess.http(store, "--http", "127.0.0.1:0")) {
                McpSyncClient client = http.client(null);
                CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                    try {
                        while (true) {
                            CallToolResult r = client.callTool(CallToolRequest.builder("track_performance")
                                    .arguments(Map.of("metrics", batch())).build());
                            if (Boolean.TRUE.equals(r.isError())) {
                                throw new AssertionError("refused: " + SidecarProcess.text(r));
                            }
                            ackedThisRound.addAndGet(BATCH);
                        }
                    } catch (RuntimeException killed) {
                        // the connection died with the sidecar
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (ackedThisRound.get() == 0 && System.nanoTime() < deadline && !sender.isDone()) {
                    Thread.sleep(20);
                }
                assertThat(ackedThisRound.get()).as("round %d: batches were stored before the kill", round).isPositive();
                Thread.sleep(rnd.nextInt(500));
                http.process().destroyForcibly();
                http.process().waitFor(30, TimeUnit.SECONDS);
                sender.get(60, TimeUnit.SECONDS);
            }
            acknowledged += ackedThisRound.get();
            long stored = storedCalls();
            assertThat(stored).as("round %d: every stored batch is there", round).isGreaterThanOrEqualTo(acknowledged)
                    .as("round %d: nothing twice; at most the batch in flight unacknowledged", round)
                    .isLessThanOrEqualTo(acknowledged + BATCH);
            assertThat(stored % BATCH).as("round %d: batches whole or absent", round).isZero();
            System.out.printf("sidecar kill -9 round %d: acknowledged %d in total, stored %d%n", round, acknowledged, stored);
            acknowledged = stored; // the batch in flight, if it made it, is part of the store from now on
        }
    }

    long storedCalls() throws Exception {
        List<String> stderr = new ArrayList<>();
        McpSyncClient fresh = SidecarProcess.stdio(store, stderr);
        try {
            Map<String, Object> s = SidecarProcess.structured(fresh.callTool(
                    CallToolRequest.builder("list_servers").arguments(Map.of()).build()));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> servers = (List<Map<String, Object>>) s.get("servers");
            return servers.isEmpty() ? 0 : ((Number) servers.get(0).get("calls")).longValue();
        } finally {
            fresh.closeGracefully();
        }
    }

    static List<Map<String, Object>> batch() {
        List<Map<String, Object>> out = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            out.add(Map.of("mcpServer", "killed", "toolName", "t", "duration", 5 + i, "success", true));
        }
        return out;
    }
}
