package io.mcpmonitor.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpmonitor.testkit.Poll;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.ResourceContents;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor as resources and prompts, through the packaged sidecar over stdio and the official
 * Java client: resources and templates listed and read (JSON and Markdown), a subscription to the
 * active alerts answered by {@code notifications/resources/updated} when an alert opens, a critical
 * alert announced as {@code notifications/message}, and the prompts listed and got with the data of
 * the store.
 */
class ResourcesAndPromptsStdioIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path store;

    final List<List<ResourceContents>> updates = new CopyOnWriteArrayList<>();
    final List<LoggingMessageNotification> messages = new CopyOnWriteArrayList<>();
    McpSyncClient client;

    @BeforeEach
    void start() {
        ServerParameters params = ServerParameters.builder(SidecarProcess.java())
                .args("-jar", SidecarProcess.jar(), "serve", "--store", store.toString()).build();
        client = McpClient.sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60))
                .resourcesUpdateConsumer(updates::add).loggingConsumer(messages::add).build();
        client.initialize();
    }

    @AfterEach
    void stop() {
        client.closeGracefully();
    }

    CallToolResult call(String tool, Map<String, Object> args) {
        CallToolResult r = client.callTool(CallToolRequest.builder(tool).arguments(args).build());
        assertThat(r.isError()).as("%s: %s", tool, r.content()).isFalse();
        return r;
    }

    void report(String server, String tool, int ok, int failed) {
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (int i = 0; i < ok + failed; i++) {
            metrics.add(Map.of("mcpServer", server, "toolName", tool, "duration", 40 + i % 7, "success", i >= failed,
                    "errorMessage", i < failed ? "upstream refused order " + i : ""));
        }
        call("track_performance", Map.of("metrics", metrics));
    }

    ReadResourceResult read(String uri) {
        return client.readResource(new ReadResourceRequest(uri));
    }

    static String text(ReadResourceResult r, String mimeType) {
        return r.contents().stream().filter(c -> mimeType.equals(c.mimeType())).map(c -> ((TextResourceContents) c).text())
                .findFirst().orElseThrow(() -> new AssertionError("no " + mimeType + " content in " + r));
    }

    static JsonNode json(ReadResourceResult r) throws Exception {
        return JSON.readTree(text(r, "application/json"));
    }

    @Test
    void resourcesAreListedAndReadAsJsonAndMarkdownThroughTheToolsOwnAnswers() throws Exception {
        assertThat(client.getServerCapabilities().resources().subscribe()).isTrue();
        assertThat(client.getServerCapabilities().prompts()).isNotNull();
        assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
                .containsExactlyInAnyOrder("monitor://dashboard", "monitor://alerts/active");
        assertThat(client.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                .containsExactlyInAnyOrder("monitor://servers/{name}", "monitor://report/{period}");

        report("shop", "checkout", 30, 2);
        report("shop", "search", 10, 0);

        ReadResourceResult dashboard = read("monitor://dashboard");
        assertThat(dashboard.contents()).extracting(ResourceContents::uri).containsOnly("monitor://dashboard");
        assertThat(json(dashboard).toString()).contains("\"shop\"");
        assertThat(text(dashboard, "text/markdown")).contains("shop");

        JsonNode server = json(read("monitor://servers/shop"));
        assertThat(server.path("server").asText()).isEqualTo("shop");
        assertThat(server.toString()).contains("checkout").contains("search");
        assertThat(text(read("monitor://servers/shop"), "text/markdown")).startsWith("# shop");
        assertThatThrownBy(() -> read("monitor://servers/no-such-server")).isInstanceOf(McpError.class);

        ReadResourceResult day = read("monitor://report/day");
        assertThat(json(day).path("format").asText()).isEqualTo("json");
        assertThat(json(day).path("report").toString()).contains("checkout");
        assertThat(text(day, "text/markdown")).contains("checkout");
        assertThat(json(read("monitor://report/6h")).path("report").isObject()).isTrue();
        assertThatThrownBy(() -> read("monitor://report/fortnight")).isInstanceOf(McpError.class)
                .hasMessageContaining("period");
    }

    @Test
    void aSubscriberToTheActiveAlertsHearsWhenOneOpensAndEveryClientIsToldOfACriticalOne() throws Exception {
        client.subscribeResource(new McpSchema.SubscribeRequest("monitor://alerts/active"));
        assertThat(json(read("monitor://alerts/active")).path("count").asInt()).isZero();

        call("set_alert_threshold", Map.of("mcpServer", "shop", "toolName", "refund", "metric", "error_rate",
                "threshold", 10, "severity", "critical", "pendingSeconds", 0, "minCalls", 1));
        report("shop", "refund", 0, 5);

        await("an update of monitor://alerts/active", () -> updates.stream().flatMap(List::stream)
                .anyMatch(c -> c.uri().equals("monitor://alerts/active") && ((TextResourceContents) c).text().contains("refund")));
        await("a critical log message", () -> messages.stream().anyMatch(m -> m.level() == McpSchema.LoggingLevel.CRITICAL
                && m.data().contains("shop/refund")));
        JsonNode active = json(read("monitor://alerts/active"));
        assertThat(active.path("count").asInt()).isEqualTo(1);
        assertThat(active.path("alerts").get(0).path("severity").asText()).isEqualTo("critical");
    }

    @Test
    void promptsGatherTheDataOfTheStoreForTheAssistant() throws Exception {
        assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name)
                .containsExactlyInAnyOrder("investigate_tool", "weekly_review", "incident_summary");
        report("shop", "checkout", 40, 10);

        GetPromptResult investigate = client.getPrompt(new GetPromptRequest("investigate_tool",
                Map.of("mcpServer", "shop", "toolName", "checkout")));
        String text = promptText(investigate);
        assertThat(text).contains("checkout").contains("shop").contains("p95").contains("error rate")
                .contains("upstream refused order");

        assertThat(promptText(client.getPrompt(new GetPromptRequest("weekly_review", Map.of())))).contains("checkout");

        call("set_alert_threshold", Map.of("mcpServer", "shop", "toolName", "checkout", "metric", "error_rate",
                "threshold", 5, "severity", "warning", "pendingSeconds", 0, "minCalls", 1));
        String[] id = new String[1];
        await("the checkout alert", () -> {
            JsonNode a = json(read("monitor://alerts/active")).path("alerts");
            if (a.size() > 0) {
                id[0] = a.get(0).path("alertId").asText();
            }
            return id[0] != null;
        });
        String incident = promptText(client.getPrompt(new GetPromptRequest("incident_summary", Map.of("alertId", id[0]))));
        assertThat(incident).contains(id[0]).contains("error_rate").contains("checkout");

        assertThatThrownBy(() -> client.getPrompt(new GetPromptRequest("investigate_tool", Map.of("mcpServer", "shop"))))
                .isInstanceOf(McpError.class).hasMessageContaining("toolName");
        assertThatThrownBy(() -> client.getPrompt(new GetPromptRequest("incident_summary", Map.of("alertId", "nope"))))
                .isInstanceOf(McpError.class).hasMessageContaining("alertId");
    }

    static String promptText(GetPromptResult r) {
        assertThat(r.messages()).hasSize(1);
        assertThat(r.messages().get(0).role()).isEqualTo(McpSchema.Role.USER);
        return ((TextContent) r.messages().get(0).content()).text();
    }

    static void await(String what, Callable<Boolean> condition) throws Exception {
        Poll.until(what, WAIT, Duration.ofMillis(200), condition);
    }
}
