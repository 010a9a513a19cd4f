package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The agent's reference check against classes that carry the SDK's names but not the shape its advice is
 * written for (src/it/fixtures-lookalike): a stateless server whose tools/call handler lambda takes the
 * converted request instead of the raw params, and an input validator that answers a list of problems, never
 * null. Woven anyway, the first would record every call through it as "(unnamed)" and the second would call
 * every valid call invalid_arguments. The host is a real SDK 1.x stdio server driven by the real client; its
 * own tools/call handler has the right shape and stays timed.
 */
class ShapeMismatchIT {

    static final int N = 3;
    static final String SERVER = "lookalike-host";

    @Test
    void eachInstrumentationOfAnotherShapeIsDisabledWithOneLineAndNothingIsMislabelled() {
        List<Path> classpath = ItEnv.sdkClasspath(ItEnv.sdk1x());
        Path classes = ItEnv.compileFixtures(classpath, "fixtures-lookalike");
        Path store = ItEnv.workDirectory("lookalike");
        JavaCommand command = JavaCommand.mainClass(SdkVersionsIT.concat(classes, classpath),
                "fixture.lookalike.LookalikeHost", SERVER).agent("store=" + store);

        SoftAssertions answers = new SoftAssertions();
        McpSession session = McpSession.stdio(command);
        try {
            for (int i = 0; i < N; i++) {
                answers.assertThat(text(session.callOk("checked_echo", Map.of("text", "a" + i))))
                        .isEqualTo("checked a" + i);
                answers.assertThat(text(session.callOk("relayed_echo", Map.of("text", "b" + i))))
                        .isEqualTo("relayed b" + i);
                answers.assertThat(session.callOk("fail", Map.of()).isError()).isTrue();
            }
        } finally {
            session.close();
        }
        answers.assertAll();

        StoreContents contents = StoreContents.read(store);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(contents.servers()).as("servers").containsExactly(SERVER);
        soft.assertThat(contents.tools(SERVER)).as("only the calls the real handler dispatched, nothing unnamed")
                .containsExactlyInAnyOrder("checked_echo", "relayed_echo", "fail");
        soft.assertThat(contents.outcomes(SERVER, "checked_echo")).as("checked_echo: valid, not invalid_arguments")
                .isEqualTo(Map.of("success", (long) N));
        soft.assertThat(contents.outcomes(SERVER, "relayed_echo")).as("relayed_echo, counted once")
                .isEqualTo(Map.of("success", (long) N));
        soft.assertThat(contents.outcomes(SERVER, "fail")).as("fail").isEqualTo(Map.of("tool_error", (long) N));
        soft.assertAll();

        List<String> agentLines = AgentOutput.lines(session.stderr());
        List<String> warnings = agentLines.stream().filter(l -> l.contains(AgentOutput.PREFIX + "WARN")).toList();
        assertThat(warnings).as("one line per disabled instrumentation, and no other warning").hasSize(2);
        assertThat(warnings).filteredOn(l -> l.contains("io.modelcontextprotocol.server.McpStatelessAsyncServer"))
                .singleElement().asString()
                .contains("tools/call instrumentation disabled", "lambda$toolsCallRequestHandler$N(McpTransportContext, Object)");
        assertThat(warnings).filteredOn(l -> l.contains("io.modelcontextprotocol.util.ToolInputValidator"))
                .singleElement().asString()
                .contains("input validation (invalid_arguments) instrumentation disabled", "CallToolResult validate");
        assertThat(agentLines).as("the agent started").anyMatch(l -> l.contains(AgentOutput.STARTED));
    }

    private static String text(CallToolResult result) {
        assertThat(result.isError()).as("isError of " + result).isNotEqualTo(Boolean.TRUE);
        return ((TextContent) result.content().get(0)).text();
    }
}
