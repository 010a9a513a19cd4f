package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The agent stays out of the way when told to, or when it cannot work: {@code enabled=false} installs
 * nothing; a bad option is reported once on stderr and the host runs normally, unmonitored.
 */
class AgentSafetyIT {

    @Test
    void disabledAgentInstallsNothing() throws Exception {
        Path store = ItEnv.workDirectory("disabled").resolve("store");
        ScriptedSession.Transcript t = ScriptedSession.run(
                JavaCommand.jar(ItEnv.exampleServerJar()).agent("enabled=false,store=" + store));
        assertThat(t.responses()).hasSize(ScriptedSession.RESPONSES);
        assertThat(AgentOutput.lines(t.stderr())).isEmpty();
        assertThat(Files.exists(store)).isFalse();
    }

    @Test
    void badOptionLeavesTheHostRunningUnmonitored() throws Exception {
        Path store = ItEnv.workDirectory("bad-option").resolve("store");
        ScriptedSession.Transcript baseline = ScriptedSession.run(JavaCommand.jar(ItEnv.exampleServerJar()));
        ScriptedSession.Transcript t = ScriptedSession.run(
                JavaCommand.jar(ItEnv.exampleServerJar()).agent("store=" + store + ",flush=often"));
        assertThat(t.responses()).containsExactlyElementsOf(baseline.responses());
        assertThat(AgentOutput.lines(t.stderr())).hasSize(1)
                .allMatch(l -> l.startsWith("[mcp-monitor] ERROR agent not started") && l.contains("flush"));
        assertThat(Files.exists(store)).isFalse();
    }
}
