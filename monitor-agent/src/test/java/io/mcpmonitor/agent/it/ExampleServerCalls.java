package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * The calls every example-server test makes (each tool N times, every outcome) and what the store must then
 * hold. Shared by the stdio and HTTP tests, so both transports are held to the same expectations.
 */
final class ExampleServerCalls {

    static final long SLOW_MILLIS = 200;
    static final long ASYNC_MILLIS = 150;
    /** Generous upper bound on a call's overhead on a loaded 2-core machine (the check is about the delay). */
    static final long SLACK_MILLIS = 2000;

    private ExampleServerCalls() {
    }

    static void makeEach(McpSession session, int n) {
        for (int i = 0; i < n; i++) {
            CallToolResult echo = session.callOk("echo", Map.of("text", "hi " + i));
            assertThat(echo.isError()).isNotEqualTo(Boolean.TRUE);
            session.callOk("slow_query", Map.of("delayMs", SLOW_MILLIS));
            session.callOk("async_fetch", Map.of("delayMs", ASYNC_MILLIS));
            assertThat(session.callOk("flaky", Map.of("failureRate", 0)).isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(session.callOk("flaky", Map.of("failureRate", 1)).isError()).isTrue();
            assertThat(session.call("explode", Map.of())).isInstanceOf(McpError.class);
            assertThat(session.call("no_such_tool", Map.of())).isInstanceOf(McpError.class);
            // Wrong type: the SDK's validator answers isError without calling the tool.
            assertThat(session.callOk("echo", Map.of("text", 42)).isError()).isTrue();
        }
    }

    static void assertEach(StoreContents contents, String server, int n) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(contents.servers()).as("servers").containsExactly(server);
        soft.assertThat(contents.tools(server)).as("tools")
                .containsExactlyInAnyOrder("echo", "slow_query", "async_fetch", "flaky", "explode", "(unknown tool)");
        soft.assertThat(contents.outcomes(server, "echo")).as("echo")
                .isEqualTo(Map.of("success", (long) n, "invalid_arguments", (long) n));
        soft.assertThat(contents.outcomes(server, "slow_query")).as("slow_query").isEqualTo(Map.of("success", (long) n));
        soft.assertThat(contents.outcomes(server, "async_fetch")).as("async_fetch")
                .isEqualTo(Map.of("success", (long) n));
        soft.assertThat(contents.outcomes(server, "flaky")).as("flaky")
                .isEqualTo(Map.of("success", (long) n, "tool_error", (long) n));
        soft.assertThat(contents.outcomes(server, "explode")).as("explode").isEqualTo(Map.of("exception", (long) n));
        soft.assertThat(contents.outcomes(server, "(unknown tool)")).as("unknown tool")
                .isEqualTo(Map.of("unknown_tool", (long) n));
        soft.assertThat(contents.errors(server, "(unknown tool)")).as("the attempted name")
                .anyMatch(e -> e.outcome() == Outcome.UNKNOWN_TOOL && e.message().equals("unknown tool: no_such_tool"));

        soft.assertThat(contents.minMillis(server, "slow_query")).as("slow_query min ms")
                .isGreaterThanOrEqualTo(SLOW_MILLIS * 0.99);
        soft.assertThat(contents.maxMillis(server, "slow_query")).as("slow_query max ms")
                .isLessThan(SLOW_MILLIS + SLACK_MILLIS);
        soft.assertThat(contents.minMillis(server, "async_fetch")).as("async_fetch min ms")
                .isGreaterThanOrEqualTo(ASYNC_MILLIS * 0.99);
        soft.assertThat(contents.maxMillis(server, "async_fetch")).as("async_fetch max ms")
                .isLessThan(ASYNC_MILLIS + SLACK_MILLIS);
        soft.assertThat(contents.maxMillis(server, "explode")).as("explode max ms").isLessThan(SLACK_MILLIS);

        soft.assertThat(contents.errors(server, "explode")).as("explode errors")
                .anyMatch(e -> e.outcome() == Outcome.EXCEPTION
                        && e.errorType().equals("java.lang.IllegalStateException")
                        && e.message().startsWith("boom"));
        soft.assertThat(contents.errors(server, "flaky")).as("flaky errors")
                .anyMatch(e -> e.outcome() == Outcome.TOOL_ERROR && e.message().startsWith("flaky failed"));
        soft.assertAll();
    }
}
