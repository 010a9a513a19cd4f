package io.mcpmonitor.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a small tmpfs that fills up during traffic: every batch is either answered "stored" and
 * on disk, or refused with a message saying nothing of it was stored — never half stored, never
 * counted twice when retried. Once space is back (the tmpfs grown), the same sidecar stores again, and
 * a fresh one counts exactly what was acknowledged. Needs root to mount (CI runs as root); without it
 * the test is skipped and says why.
 */
class DiskFullIT {

    @TempDir
    Path base;
    Path store;
    boolean mounted;

    @BeforeEach
    void mount() throws Exception {
        store = Files.createDirectories(base.resolve("store"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", store.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root): " + out.trim());
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", store.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    static Map<String, Object> batch(int b, int size, Instant now) {
        List<Map<String, Object>> metrics = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            // Many distinct series and messages per batch: each batch takes a few KB on disk.
            metrics.add(Map.of("mcpServer", "full", "toolName", "tool-" + ((b * 7 + i) % 40), "duration", 3 + i % 90,
                    "success", i % 3 != 0, "errorMessage", "backend said no to request " + b + "/" + i,
                    "timestamp", now.minus(i % 20, ChronoUnit.MINUTES).toString()));
        }
        return Map.of("metrics", metrics);
    }

    @Test
    void aFullDiskRefusesWholeBatchesAndAfterRecoveryTheTotalsAreExact() throws Exception {
        List<String> stderr = new ArrayList<>();
        McpSyncClient client = SidecarProcess.stdio(store, stderr);
        Instant now = Instant.now();
        long acknowledged = 0;
        int refused = 0;
        int b = 0;
        try {
            for (; b < 400 && refused < 5; b++) {
                CallToolResult r = client.callTool(CallToolRequest.builder("track_performance").arguments(batch(b, 200, now)).build());
                if (Boolean.TRUE.equals(r.isError())) {
                    refused++;
                    assertThat(SidecarProcess.text(r)).contains("none of these 200 calls were stored");
                } else {
                    acknowledged += ((Number) SidecarProcess.structured(r).get("stored")).longValue();
                }
            }
            assertThat(refused).as("the disk filled up during traffic").isPositive();

            Process grow = new ProcessBuilder("mount", "-o", "remount,size=64m", store.toString()).start();
            assertThat(grow.waitFor(30, TimeUnit.SECONDS) && grow.exitValue() == 0).isTrue();
            for (int i = 0; i < 10; i++, b++) {
                CallToolResult r = client.callTool(CallToolRequest.builder("track_performance").arguments(batch(b, 200, now)).build());
                assertThat(r.isError()).as("space is back: %s", r.content()).isFalse();
                acknowledged += 200;
            }
        } finally {
            client.closeGracefully();
        }
        McpSyncClient fresh = SidecarProcess.stdio(store, stderr);
        try {
            Instant end = Instant.now().plus(2, ChronoUnit.MINUTES);
            CallToolResult m = fresh.callTool(CallToolRequest.builder("get_metrics").arguments(Map.of("mcpServer", "full",
                    "aggregation", "count", "startTime", end.minus(2, ChronoUnit.HOURS).toString(), "endTime", end.toString())).build());
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = (Map<String, Object>) SidecarProcess.structured(m).get("summary");
            assertThat(((Number) summary.get("totalCalls")).longValue()).as("exactly what was acknowledged").isEqualTo(acknowledged);
        } finally {
            fresh.closeGracefully();
        }
    }

    @Test
    void aReadOnlyStoreRefusesInsteadOfAnsweringStoredAndTheSidecarKeepsServing() throws Exception {
        List<String> stderr = new ArrayList<>();
        McpSyncClient client = SidecarProcess.stdio(store, stderr);
        Instant now = Instant.now();
        try {
            assertThat(client.callTool(CallToolRequest.builder("track_performance").arguments(batch(0, 10, now)).build())
                    .isError()).isFalse();
            remount("ro");
            CallToolResult r = client.callTool(CallToolRequest.builder("track_performance").arguments(batch(1, 10, now)).build());
            assertThat(r.isError()).isTrue();
            assertThat(SidecarProcess.text(r)).contains("cannot be written").contains("none of these 10 calls were stored");
            assertThat(client.callTool(CallToolRequest.builder("list_servers").arguments(Map.of()).build()).isError())
                    .as("queries still answer").isFalse();
            remount("rw");
            assertThat(client.callTool(CallToolRequest.builder("track_performance").arguments(batch(2, 10, now)).build())
                    .isError()).isFalse();
        } finally {
            client.closeGracefully();
        }
    }

    void remount(String mode) throws Exception {
        Process p = new ProcessBuilder("mount", "-o", "remount," + mode, store.toString()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("remount " + mode).isTrue();
    }
}
