package io.mcpmonitor.mcp.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpmonitor.core.notify.Notification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The example MCP server (a separate JVM, over stdio and over Streamable HTTP) receives the
 * templated tool call.
 */
class McpToolNotifierIT {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final String TOKEN = "mcp-bearer-S3cret-19ab";

    McpToolNotifier notifier;

    @AfterEach
    void close() {
        if (notifier != null) {
            notifier.close();
        }
    }

    static McpToolNotifier.Stdio stdio() {
        List<String> cmd = ExampleServerProcess.stdioCommand();
        return new McpToolNotifier.Stdio(cmd.get(0), cmd.subList(1, cmd.size()), Map.of());
    }

    static String resultText(McpToolNotifier n) {
        CallToolResult r = n.lastResult().orElseThrow();
        return McpToolNotifier.text(r);
    }

    @Test
    void echoReceivesTheRenderedTemplateOverStdio() throws Exception {
        ArgumentTemplate template = ArgumentTemplate.of(Map.of("text",
                "{{severity}}|{{kind}}|{{server}}|{{fields.alertId}}|{{fields.currentValue}}|{{title}}"));
        notifier = new McpToolNotifier("echo", stdio(), "echo", template, TIMEOUT);

        Notification n = SampleNotifications.critical();
        notifier.send(n);
        assertThat(resultText(notifier)).isEqualTo("critical|firing|example-server|alt-critical-1|812.5|" + n.title());
        assertThat(resultText(notifier)).isEqualTo(template.render(n).get("text"));

        notifier.send(SampleNotifications.warning());
        assertThat(resultText(notifier)).startsWith("warning|firing|");
        assertThat(notifier.starts()).as("the server is spawned once and kept").isEqualTo(1);
    }

    @Test
    void aWholePlaceholderKeepsItsJsonTypeAndAnIsErrorResultIsAFailure() throws Exception {
        // flaky requires a number: a string "0.0" would be refused with isError.
        notifier = new McpToolNotifier("flaky", stdio(), "flaky",
                ArgumentTemplate.of(Map.of("failureRate", "{{fields.rate}}")), TIMEOUT);
        notifier.send(withFields(Map.of("rate", 0.0)));
        assertThat(resultText(notifier)).startsWith("flaky succeeded").endsWith(">= failureRate 0.0)");

        assertThatThrownBy(() -> notifier.send(withFields(Map.of("rate", 1.0)))).isInstanceOf(NotificationFailure.class)
                .hasMessageStartingWith("mcp_tool:flaky: tool 'flaky' answered isError=true: flaky failed on purpose");
        assertThat(notifier.starts()).as("a tool error is an answer: the server is kept").isEqualTo(1);
    }

    @Test
    void aCommandThatCannotStartFailsAtOnceWithoutItsSecrets() {
        notifier = new McpToolNotifier("missing", new McpToolNotifier.Stdio("/nonexistent/mcp-server",
                List.of("--token", "argT0ken-5566"), Map.of("API_KEY", "envT0ken-7788")), "track_issue",
                ArgumentTemplate.of(Map.of("title", "{{title}}")), TIMEOUT, Secrets.of(List.of("argT0ken-5566")));
        long startNanos = System.nanoTime();
        assertThatThrownBy(() -> notifier.send(SampleNotifications.critical())).isInstanceOf(NotificationFailure.class)
                .hasMessageStartingWith("mcp_tool:missing: connecting to stdio:/nonexistent/mcp-server tool track_issue failed")
                .message().doesNotContain("argT0ken-5566", "envT0ken-7788");
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(TIMEOUT);
    }

    @Test
    void aServerThatDiedIsStartedAgain() throws Exception {
        notifier = new McpToolNotifier("echo", stdio(), "echo", ArgumentTemplate.of(Map.of("text", "{{kind}}")), TIMEOUT);
        notifier.send(SampleNotifications.critical());
        assertThat(ExampleServerProcess.killStdioChildren()).isEqualTo(1);

        notifier.send(SampleNotifications.of(Notification.Kind.RESOLVED, "critical", "alt-critical-1"));
        assertThat(resultText(notifier)).isEqualTo("resolved");
        assertThat(notifier.starts()).isEqualTo(2);
    }

    @Test
    void echoReceivesTheCallOverStreamableHttpWithABearerToken() throws Exception {
        try (CapturedStderr log = CapturedStderr.start(); ExampleServerProcess server = ExampleServerProcess.http()) {
            notifier = new McpToolNotifier("comms", new McpToolNotifier.Http(server.endpoint, TOKEN), "echo",
                    ArgumentTemplate.of(Map.of("text", "{{title}}")), TIMEOUT);
            notifier.send(SampleNotifications.critical());
            assertThat(resultText(notifier)).isEqualTo(SampleNotifications.critical().title());
            assertThat(notifier.redactedTarget()).isEqualTo("http://127.0.0.1:" + server.endpoint.getPort() + "/… tool echo");
            notifier.close();
            assertThat(log.text()).doesNotContain(TOKEN);
        }
    }

    @Test
    void theBearerTokenIsSentButNeverShown() throws Exception {
        try (CapturedStderr log = CapturedStderr.start(); LoopbackReceiver receiver = LoopbackReceiver.start()) {
            receiver.respond("/mcp", 401);
            notifier = new McpToolNotifier("comms", new McpToolNotifier.Http(receiver.url("/mcp?space=S3cretSpace9"), TOKEN),
                    "send_message", ArgumentTemplate.of(Map.of("text", "{{title}}")), Duration.ofSeconds(5));
            assertThatThrownBy(() -> notifier.send(SampleNotifications.critical())).isInstanceOf(NotificationFailure.class)
                    .hasMessageStartingWith("mcp_tool:comms: connecting to http://127.0.0.1:")
                    .message().doesNotContain(TOKEN, "S3cretSpace9");
            LoopbackReceiver.Request r = receiver.take("/mcp", Duration.ofSeconds(5));
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(r.query()).isEqualTo("space=S3cretSpace9");
            assertThat(log.text()).doesNotContain(TOKEN, "S3cretSpace9");
        }
    }

    static Notification withFields(Map<String, Object> fields) {
        Notification n = SampleNotifications.critical();
        return new Notification(n.kind(), n.severity(), n.server(), n.title(), n.text(), fields, n.at(), List.of());
    }
}
