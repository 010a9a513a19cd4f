package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the agent tells people: one start-up line on the host's stderr (server, store, flush); an attach
 * that fails inside the host, or asks a running agent for other options, fails for whoever ran the
 * attach command (exit 1, the reason on its stderr); {@code --help} is not an error.
 */
class AgentReportsIT {

    @Test
    void startsWithOneLineSayingServerStoreAndFlush() throws Exception {
        Path store = ItEnv.workDirectory("startup-line").resolve("store");
        ScriptedSession.Transcript t = ScriptedSession.run(
                JavaCommand.jar(ItEnv.exampleServerJar()).agent("server=billing,store=" + store + ",flush=5s"));
        assertThat(AgentOutput.lines(t.stderr())).singleElement().asString()
                .startsWith(AgentOutput.STARTED).contains("server=billing", "store=" + store.toAbsolutePath(), "flush=5s");
        assertThat(t.stdout()).allMatch(ScriptedSession::isJsonRpc);
    }

    @Test
    void withoutOptionsTheLineNamesTheDefaultStoreUnderHome() throws Exception {
        Path home = ItEnv.workDirectory("startup-home");
        ScriptedSession.Transcript t = ScriptedSession.run(JavaCommand.jar(ItEnv.exampleServerJar()).agent("")
                .env("HOME", home.toString()).env("MCP_MONITOR_STORE", ""));
        assertThat(AgentOutput.lines(t.stderr())).singleElement().asString()
                .contains("server=(the name the server announces)", "store=" + home.resolve(".mcp-monitor"), "flush=10s");
    }

    @Test
    void aBadOptionFailsTheAttachAndASecondAttachWithOtherOptionsIsRefused() throws Exception {
        Path store = ItEnv.workDirectory("attach-reports").resolve("store");
        Path other = store.resolveSibling("other");
        JavaCommand command = JavaCommand.fixtureServer(ItEnv.currentSdkVersion(), "reporting-fixture");
        List<String> stderr;
        try (McpSession session = McpSession.stdio(command)) {
            session.callOk("echo", Map.of("text", "before the agent"));
            long pid = AttachIT.pid(session);

            AttachIT.Attach typo = AttachIT.attach(pid, "srever=x");
            assertThat(typo.exit()).as(typo.output()).isEqualTo(1);
            assertThat(typo.output()).contains("failed", "unknown agent option 'srever'");
            session.callOk("echo", Map.of("text", "the host still serves"));

            AttachIT.Attach first = AttachIT.attach(pid, "store=" + store, "flush=100ms");
            assertThat(first.exit()).as(first.output()).isZero();
            assertThat(first.output()).contains("attached to process " + pid, "store=" + store, "flush=100ms");

            AttachIT.Attach second = AttachIT.attach(pid, "store=" + other);
            assertThat(second.exit()).as(second.output()).isEqualTo(1);
            assertThat(second.output()).contains("already attached", "store=" + store, "store=" + other, "restart");
            session.callOk("echo", Map.of("text", "recorded in the first store"));
            stderr = session.stderr();
        }
        assertThat(StoreContents.read(store).count("reporting-fixture", "echo", Outcome.SUCCESS)).isEqualTo(1);
        assertThat(Files.exists(other)).isFalse();
        assertThat(AgentOutput.lines(stderr)).anyMatch(l -> l.contains("ERROR agent not started") && l.contains("srever"));
    }

    @Test
    void helpIsNotAnError() throws Exception {
        Process p = new ProcessBuilder(ItEnv.java(), "-jar", ItEnv.agentJar().toString(), "--help").start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out).contains("usage: java -jar monitor-agent.jar attach <pid>", "-javaagent:");
        Process bad = new ProcessBuilder(ItEnv.java(), "-jar", ItEnv.agentJar().toString(), "detach").start();
        bad.getInputStream().readAllBytes();
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
    }
}
