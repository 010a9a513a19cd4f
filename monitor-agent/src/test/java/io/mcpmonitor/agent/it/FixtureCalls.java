package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpError;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/** The calls made to the fixture servers (src/it/fixtures) and what the store must then hold. */
final class FixtureCalls {

    static final long SLEEP_MILLIS = 100;

    private FixtureCalls() {
    }

    static void makeEach(McpSession session, int n, boolean withSleep) {
        for (int i = 0; i < n; i++) {
            session.callOk("echo", Map.of("text", "hi " + i));
            if (withSleep) {
                session.callOk("sleep", Map.of("delayMs", SLEEP_MILLIS));
            }
            assertThat(session.callOk("fail", Map.of()).isError()).isTrue();
            assertThat(session.call("boom", Map.of())).isInstanceOf(McpError.class);
            assertThat(session.call("missing_tool", Map.of())).isInstanceOf(McpError.class);
        }
    }

    static void assertEach(StoreContents contents, String server, int n, boolean withSleep) {
        assertEach(contents, server, n, withSleep, 0);
    }

    /** As {@link #assertEach(StoreContents, String, int, boolean)}, with {@code cancelledSleeps} sleeps cancelled too. */
    static void assertEach(StoreContents contents, String server, int n, boolean withSleep, long cancelledSleeps) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(contents.servers()).as("servers").containsExactly(server);
        soft.assertThat(contents.outcomes(server, "echo")).as("echo").isEqualTo(Map.of("success", (long) n));
        soft.assertThat(contents.outcomes(server, "fail")).as("fail").isEqualTo(Map.of("tool_error", (long) n));
        soft.assertThat(contents.outcomes(server, "boom")).as("boom").isEqualTo(Map.of("exception", (long) n));
        soft.assertThat(contents.outcomes(server, "(unknown tool)")).as("unknown tool")
                .isEqualTo(Map.of("unknown_tool", (long) n));
        soft.assertThat(contents.tools(server)).as("an unknown name is no series").doesNotContain("missing_tool");
        if (withSleep) {
            soft.assertThat(contents.outcomes(server, "sleep")).as("sleep").isEqualTo(cancelledSleeps == 0
                    ? Map.of("success", (long) n) : Map.of("success", (long) n, "cancelled", cancelledSleeps));
            soft.assertThat(contents.minMillis(server, "sleep")).as("sleep min ms")
                    .isGreaterThanOrEqualTo(SLEEP_MILLIS * 0.99);
            if (cancelledSleeps == 0) {
                soft.assertThat(contents.maxMillis(server, "sleep")).as("sleep max ms")
                        .isLessThan(SLEEP_MILLIS + ExampleServerCalls.SLACK_MILLIS);
            }
        }
        soft.assertAll();
    }
}
