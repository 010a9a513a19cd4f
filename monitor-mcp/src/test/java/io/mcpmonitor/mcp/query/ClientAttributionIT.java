package io.mcpmonitor.mcp.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.mcp.server.SidecarProcess;
import io.mcpmonitor.testkit.Jars;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Implementation;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two assistants sharing one Streamable-HTTP example-server under the agent are told apart: each client's
 * clientInfo (name/version) is recorded for its session's calls, and the sidecar's get_metrics with
 * {@code groupBy: "client"} gives each client its exact count; a {@code client} filter keeps one, and the error
 * rate by client counts the calls that failed. The performance report (Markdown and HTML) ranks the two as its
 * top clients with their error rates, the client's name (which carries markup) escaped.
 */
class ClientAttributionIT {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    // Markup in a client's name is data: text in every answer, never markup.
    static final String BETA_NAME = "beta-ide <b>& co";
    static final String BETA = BETA_NAME + "/2.3.1";

    @TempDir
    Path store;

    @Test
    void getMetricsGroupedByClientGivesEachOfTwoHttpClientsItsExactCount() throws Exception {
        Path stderr = store.resolve("example-server.stderr");
        Process server = new ProcessBuilder(Jars.java(), Jars.javaagent("server=shared,store=" + store),
                "-jar", Jars.exampleServer().toString(), "--http", "0").redirectError(stderr.toFile())
                .redirectOutput(store.resolve("example-server.stdout").toFile()).start();
        try {
            String endpoint = awaitEndpoint(server, stderr);
            McpSyncClient alpha = http(endpoint, new Implementation("alpha-assistant", "1.0"));
            McpSyncClient beta = http(endpoint, new Implementation(BETA_NAME, "2.3.1"));
            // Interleaved, so that neither session's calls could be told apart by time.
            for (int i = 0; i < 7; i++) {
                echo(alpha, "a" + i);
                if (i < 4) {
                    echo(beta, "b" + i);
                }
            }
            // One of beta's 5 calls fails (the tool throws): its error rate is 20 %, alpha's 0 %.
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> beta.callTool(CallToolRequest.builder("explode").arguments(Map.of()).build()))
                    .isInstanceOf(io.modelcontextprotocol.spec.McpError.class);
            alpha.closeGracefully();
            beta.closeGracefully();
        } finally {
            server.destroy(); // SIGTERM: the agent flushes at shutdown
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(store.resolve("example-server.stdout"))).isEmpty();

        McpSyncClient sidecar = SidecarProcess.stdio(store, TIMEOUT, null);
        try {
            Map<String, Long> counts = countsByClient(sidecar, Map.of("groupBy", "client"));
            assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("alpha-assistant/1.0", 7L, BETA, 4L));
            assertThat(countsByClient(sidecar, Map.of("client", BETA)))
                    .containsExactlyEntriesOf(Map.of(BETA, 4L));
            assertThat(errorRateByClient(sidecar)).containsExactlyInAnyOrderEntriesOf(
                    Map.of("alpha-assistant/1.0", 0.0, BETA, 20.0));

            String from = java.time.Instant.now().minus(Duration.ofHours(1)).toString();
            CallToolResult md = sidecar.callTool(CallToolRequest.builder("generate_performance_report")
                    .arguments(Map.of("mcpServer", "shared", "startTime", from)).build());
            assertThat(md.isError()).as("%s", md.content()).isFalse();
            String markdown = ((io.modelcontextprotocol.spec.McpSchema.TextContent) md.content().get(0)).text();
            String topClients = markdown.substring(markdown.indexOf("## Top clients"));
            topClients = topClients.substring(0, topClients.indexOf("\n## ", 3));
            assertThat(topClients).contains("| 1 | alpha-assistant/1.0 | 7 | 0 | 0.00 %", "| 2 | beta-ide \\<b\\>\\& co/2.3.1 | 5 | 1 | 20.00 %");
            CallToolResult html = sidecar.callTool(CallToolRequest.builder("generate_performance_report")
                    .arguments(Map.of("mcpServer", "shared", "startTime", from, "format", "html")).build());
            org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse((String) ((Map<?, ?>) html.structuredContent()).get("document"));
            org.jsoup.nodes.Element section = doc.getElementById("top-clients");
            assertThat(section).as("the HTML report's top-clients section").isNotNull();
            assertThat(section.select("tbody tr").eachText()).containsExactly("1 alpha-assistant/1.0 7 0 0.00 %",
                    "2 " + BETA + " 5 1 20.00 %");
            assertThat(section.select("b")).isEmpty();

            CallToolResult refused = sidecar.callTool(CallToolRequest.builder("get_metrics")
                    .arguments(Map.of("groupBy", "client", "aggregation", "p95")).build());
            assertThat(refused.isError()).isTrue();
            assertThat(refused.content().toString()).contains("aggregation");
        } finally {
            sidecar.closeGracefully();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> countsByClient(McpSyncClient sidecar, Map<String, Object> extra) {
        Map<String, Object> args = new HashMap<>(extra);
        args.put("mcpServer", "shared");
        args.put("toolName", "echo");
        args.put("aggregation", "count");
        args.put("startTime", java.time.Instant.now().minus(Duration.ofHours(1)).toString());
        CallToolResult r = sidecar.callTool(CallToolRequest.builder("get_metrics").arguments(args).build());
        assertThat(r.isError()).as("get_metrics %s: %s", args, r.content()).isFalse();
        Map<String, Long> out = new HashMap<>();
        for (Object p : (List<Object>) ((Map<String, Object>) r.structuredContent()).get("points")) {
            Map<String, Object> point = (Map<String, Object>) p;
            out.merge((String) point.get("client"), ((Number) point.get("count")).longValue(), Long::sum);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> errorRateByClient(McpSyncClient sidecar) {
        Map<String, Object> args = new HashMap<>();
        args.put("mcpServer", "shared");
        args.put("groupBy", "client");
        args.put("aggregation", "error_rate");
        args.put("startTime", java.time.Instant.now().minus(Duration.ofHours(1)).toString());
        CallToolResult r = sidecar.callTool(CallToolRequest.builder("get_metrics").arguments(args).build());
        assertThat(r.isError()).as("get_metrics %s: %s", args, r.content()).isFalse();
        Map<String, long[]> byClient = new HashMap<>();
        for (Object p : (List<Object>) ((Map<String, Object>) r.structuredContent()).get("points")) {
            Map<String, Object> point = (Map<String, Object>) p;
            long calls = ((Number) point.get("count")).longValue();
            long failed = Math.round(((Number) point.get("value")).doubleValue() * calls / 100);
            long[] sum = byClient.computeIfAbsent((String) point.get("client"), k -> new long[2]);
            sum[0] += calls;
            sum[1] += failed;
        }
        Map<String, Double> out = new HashMap<>();
        byClient.forEach((c, n) -> out.put(c, 100.0 * n[1] / n[0]));
        return out;
    }

    private static void echo(McpSyncClient client, String text) {
        CallToolResult r = client.callTool(CallToolRequest.builder("echo").arguments(Map.of("text", text)).build());
        assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
    }

    private static McpSyncClient http(String endpoint, Implementation clientInfo) {
        URI uri = URI.create(endpoint);
        McpSyncClient c = McpClient.sync(HttpClientStreamableHttpTransport.builder(uri.getScheme() + "://" + uri.getAuthority())
                        .endpoint(uri.getPath()).build())
                .clientInfo(clientInfo).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
        c.initialize();
        return c;
    }

    private static String awaitEndpoint(Process server, Path stderr) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && server.isAlive()) {
            for (String line : Files.readAllLines(stderr)) {
                int at = line.indexOf(" listening on http://");
                if (at >= 0) {
                    return line.substring(line.indexOf("http://")).trim();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("example-server did not say where it listens: " + Files.readString(stderr));
    }
}
