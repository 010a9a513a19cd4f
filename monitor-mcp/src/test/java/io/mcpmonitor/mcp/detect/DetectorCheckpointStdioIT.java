package io.mcpmonitor.mcp.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.mcp.server.SidecarProcess;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sessions of the packaged sidecar over stdio, one after the other, on one store (90 minutes of
 * three tools, an incident of two of them in the last minutes): the first one's background detection
 * leaves its detectors' checkpoint in the store, and the second process continues from it (one line
 * on stderr says so) and reports the same incidents. That the answers are those of learning from
 * scratch, minute for minute, is shown in monitor-core ({@code DetectorCheckpointTest}).
 */
class DetectorCheckpointStdioIT {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final long MINUTE = 60_000L;

    @TempDir
    Path store;

    private static List<String> incidents(McpSyncClient client) {
        CallToolResult r = client.callTool(CallToolRequest.builder("detect_anomalies")
                .arguments(Map.of("lookbackWindow", "24h")).build());
        assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> anomalies = (List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent())
                .get("anomalies");
        return anomalies.stream().filter(a -> !Boolean.TRUE.equals(a.get("provisional")))
                .map(a -> a.get("toolName") + " " + a.get("anomalyType") + " " + a.get("timestamp")).sorted().toList();
    }

    @Test
    void aSecondSessionContinuesFromTheCheckpointTheFirstLeft() throws Exception {
        long now = System.currentTimeMillis();
        long onset = (now / MINUTE - 8) * MINUTE;
        SplittableRandom r = new SplittableRandom(5);
        try (Monitor m = Monitor.builder().storeDirectory(store).flushInterval(Duration.ZERO).writerId("it").build()) {
            for (long t = onset - 90 * MINUTE; t < now - 20_000; t += 2_000) {
                boolean incident = t >= onset && t < onset + 5 * MINUTE;
                m.recordAt(t, "shop", "search", nanos(r, 40), Outcome.SUCCESS, null, null);
                m.recordAt(t, "shop", "stock", nanos(r, incident ? 400 : 20), Outcome.SUCCESS, null, null);
                boolean fail = r.nextDouble() < (incident ? 0.5 : 0.01);
                m.recordAt(t, "shop", "checkout", nanos(r, 120), fail ? Outcome.TOOL_ERROR : Outcome.SUCCESS,
                        fail ? "tool_error" : null, fail ? "payment gateway timed out" : null);
            }
        }
        Path checkpoint = store.resolve("detect").resolve("auto-medium.state");

        List<String> firstErr = new CopyOnWriteArrayList<>();
        McpSyncClient first = SidecarProcess.stdio(store, TIMEOUT, firstErr::add);
        List<String> found;
        try {
            found = incidents(first);
            // the first background run, after the first answer, writes the checkpoint
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.isRegularFile(checkpoint) && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
        } finally {
            first.closeGracefully();
        }
        assertThat(checkpoint).as("stderr of the first session: %s", firstErr).isRegularFile();
        assertThat(firstErr).anySatisfy(l -> assertThat(l).contains("learn the store's minute data", "no checkpoint yet"));
        assertThat(found).as("the first session's incidents").anySatisfy(a -> assertThat(a).startsWith("checkout error_rate_spike"))
                .anySatisfy(a -> assertThat(a).startsWith("stock "));

        List<String> secondErr = new CopyOnWriteArrayList<>();
        McpSyncClient second = SidecarProcess.stdio(store, TIMEOUT, secondErr::add);
        try {
            assertThat(incidents(second)).isEqualTo(found);
        } finally {
            second.closeGracefully();
        }
        assertThat(secondErr).as("stderr of the second session").anySatisfy(l -> assertThat(l)
                .contains("detectors continue from their checkpoint"));
        assertThat(secondErr).noneSatisfy(l -> assertThat(l).contains("learn the store's minute data"));
    }

    static long nanos(SplittableRandom r, double medianMs) {
        return (long) (medianMs * 1e6 * Math.exp(0.25 * r.nextGaussian()));
    }
}
