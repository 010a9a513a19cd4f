package io.mcpmonitor.mcp.deploy;

import static io.mcpmonitor.mcp.server.SidecarProcess.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.mcp.server.StdioSidecar;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deployments and the judge through the official MCP client over stdio against the packaged
 * sidecar: production traffic of {@code billing} for 40 minutes; on {@code billing-staging}, build
 * 2.0 (slow_query three times slower) for the first 20 minutes, then build 2.1 (as fast as
 * production), all reported with {@code track_performance}.
 */
class DeploymentStdioIT {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final long MINUTE = 60_000L;

    @RegisterExtension
    static final StdioSidecar sidecar = new StdioSidecar(TIMEOUT);
    static long start;
    static long middle;
    static long end;

    @BeforeAll
    static void startSidecar() {

        long now = System.currentTimeMillis();
        end = now - now % MINUTE;
        middle = end - 20 * MINUTE;
        start = end - 40 * MINUTE;
        SplittableRandom r = new SplittableRandom(5);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (long t = start; t < end; t += 4_000) {
            batch.add(call("billing", "slow_query", t, 100 * lognormal(r), r.nextDouble() > 0.01));
            batch.add(call("billing", "lookup", t, 10 * lognormal(r), true));
            double stagingMedian = t < middle ? 300 : 100;
            batch.add(call("billing-staging", "slow_query", t + 1000, stagingMedian * lognormal(r), r.nextDouble() > 0.01));
            batch.add(call("billing-staging", "lookup", t + 1000, 10 * lognormal(r), true));
        }
        CallToolResult r1 = call("track_performance", Map.of("metrics", batch));
        assertThat(r1.isError()).as(text(r1)).isFalse();
        assertThat(call("record_deployment", Map.of("mcpServer", "billing-staging", "version", "2.0", "environment", "staging",
                "timestamp", Instant.ofEpochMilli(start).toString())).isError()).isFalse();
        assertThat(call("record_deployment", Map.of("mcpServer", "billing-staging", "version", "2.1", "environment", "staging",
                "timestamp", Instant.ofEpochMilli(middle).toString(), "deployedBy", "ci", "notes", "fix the N+1 query"))
                .isError()).isFalse();
    }

    private static double lognormal(SplittableRandom r) {
        double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        return Math.exp(0.3 * g);
    }

    private static Map<String, Object> call(String server, String tool, long at, double ms, boolean success) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mcpServer", server);
        m.put("toolName", tool);
        m.put("duration", ms);
        m.put("success", success);
        m.put("timestamp", Instant.ofEpochMilli(at).toString());
        return m;
    }

    static CallToolResult call(String tool, Map<String, Object> args) {
        return sidecar.call(tool, args);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(CallToolResult r) {
        return (Map<String, Object>) r.structuredContent();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> tools(Map<String, Object> comparison) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Object o : (List<Object>) comparison.get("tools")) {
            Map<String, Object> t = (Map<String, Object>) o;
            out.put((String) t.get("tool"), t);
        }
        return out;
    }

    private Map<String, Object> stagingAgainstProduction(long from, long to) {
        CallToolResult r = call("compare_performance", Map.of("mcpServer", "billing-staging", "baselineServer", "billing",
                "startTime", Instant.ofEpochMilli(from).toString(), "endTime", Instant.ofEpochMilli(to).toString()));
        assertThat(r.isError()).as(text(r)).isFalse();
        return structured(r);
    }

    @Test
    void aSlowerStagingBuildFailsAndMustNotBePromoted() {
        Map<String, Object> c = stagingAgainstProduction(start, middle);
        assertThat(c.get("verdict")).isEqualTo("fail");
        assertThat(c.get("doNotPromote")).isEqualTo(true);
        Map<String, Object> slow = tools(c).get("slow_query");
        assertThat(slow.get("verdict")).isEqualTo("fail");
        assertThat(((Number) slow.get("p50Ratio")).doubleValue()).isBetween(2.5, 3.5);
        assertThat(((Number) slow.get("mannWhitneyP")).doubleValue()).isLessThan(1e-6);
        assertThat(((Number) slow.get("beforeCalls")).longValue()).isEqualTo(300);
        assertThat(tools(c).get("lookup").get("verdict")).isEqualTo("pass");
        assertThat(((Map<?, ?>) c.get("before")).get("mcpServer")).isEqualTo("billing");
        assertThat(((Map<?, ?>) c.get("thresholds")).get("failLatencyRatio")).isEqualTo(1.5);
    }

    @Test
    void anEqualStagingBuildPasses() {
        Map<String, Object> c = stagingAgainstProduction(middle, end);
        assertThat(c.get("verdict")).isEqualTo("pass");
        assertThat(c.get("doNotPromote")).isEqualTo(false);
        assertThat(tools(c).values()).allSatisfy(t -> assertThat(t.get("verdict")).isEqualTo("pass"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void judgesARecordedDeploymentAndListsThem() {
        CallToolResult list = call("list_deployments", Map.of("mcpServer", "billing-staging"));
        List<Map<String, Object>> ds = (List<Map<String, Object>>) structured(list).get("deployments");
        assertThat(ds).extracting(d -> d.get("version")).containsExactly("2.1", "2.0");
        assertThat(ds.get(0)).containsEntry("previousVersion", "2.0")
                .containsEntry("environment", "staging").containsEntry("deployedBy", "ci").containsEntry("source", "tool");
        CallToolResult r = call("compare_performance", Map.of("deploymentId", ds.get(0).get("deploymentId"),
                "windowMinutes", 15));
        assertThat(r.isError()).as(text(r)).isFalse();
        // 2.1 is three times faster than 2.0 was: an improvement passes
        assertThat(structured(r).get("verdict")).isEqualTo("pass");
        assertThat(((Number) tools(structured(r)).get("slow_query").get("p50Ratio")).doubleValue()).isLessThan(0.5);
        assertThat(text(r)).contains("billing-staging 2.0 -> 2.1");
        // The same two windows given by hand, the other way round: 2.0 after 2.1 would fail.
        CallToolResult back = call("compare_performance", Map.of("mcpServer", "billing-staging",
                "before", Map.of("startTime", Instant.ofEpochMilli(middle).toString(), "endTime", Instant.ofEpochMilli(end).toString()),
                "after", Map.of("startTime", Instant.ofEpochMilli(start).toString(), "endTime", Instant.ofEpochMilli(middle).toString())));
        assertThat(structured(back).get("verdict")).isEqualTo("fail");
    }

    @Test
    void badArgumentsNameTheField() {
        assertThat(text(call("compare_performance", Map.of("mcpServer", "billing"))))
                .startsWith("deploymentId: give exactly one of");
        assertThat(text(call("compare_performance", Map.of("deploymentId", "dep-nope"))))
                .startsWith("deploymentId: no deployment 'dep-nope'");
        assertThat(text(call("compare_performance", Map.of("mcpServer", "billing", "baselineServer", "x",
                "thresholds", Map.of("alpha", 2))))).startsWith("thresholds.alpha: must be in (0, 0.5]");
        assertThat(text(call("record_deployment", Map.of("mcpServer", "billing")))).startsWith("version: is required");
        assertThat(text(call("record_deployment", Map.of("mcpServer", "billing", "version", "1", "timestamp", "yesterday"))))
                .startsWith("timestamp: must be an ISO-8601 time");
        assertThat(sidecar.stderr()).noneMatch(l -> l.contains("Exception"));
    }
}
