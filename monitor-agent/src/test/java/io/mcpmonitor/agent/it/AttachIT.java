package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar monitor-agent.jar attach <pid>}: a server started without the agent is instrumented while it
 * runs, including the server object built before the attach; calls from then on are recorded, earlier ones
 * are not. Attaching again with {@code enabled=false} switches recording off.
 */
class AttachIT {

    @Test
    void attachesToARunningServer() throws Exception {
        Path store = ItEnv.workDirectory("attach");
        JavaCommand command = JavaCommand.fixtureServer(ItEnv.currentSdkVersion(), "attached-fixture");
        List<String> stderr;
        try (McpSession session = McpSession.stdio(command)) {
            session.callOk("echo", Map.of("text", "before the agent"));
            long pid = pid(session);

            assertThat(attach(pid, "store=" + store, "flush=100ms").exit()).isZero();
            for (int i = 0; i < 3; i++) {
                session.callOk("echo", Map.of("text", "with the agent"));
                session.callOk("fail", Map.of());
            }
            Attach off = attach(pid, "enabled=false");
            assertThat(off.exit()).isZero();
            assertThat(off.output()).contains("already attached to process " + pid, "recording off");
            session.callOk("echo", Map.of("text", "switched off"));
            stderr = session.stderr();
        }

        StoreContents contents = StoreContents.read(store);
        assertThat(contents.count("attached-fixture", "echo", Outcome.SUCCESS)).isEqualTo(3);
        assertThat(contents.count("attached-fixture", "fail", Outcome.TOOL_ERROR)).isEqualTo(3);
        AgentOutput.assertNoWarnings(stderr);
    }

    static long pid(McpSession session) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : session.stderr()) {
                if (line.startsWith("fixture pid ")) {
                    return Long.parseLong(line.substring("fixture pid ".length()).split(" ")[0]);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the fixture did not print its pid: " + session.stderr());
    }

    /** What the attach command printed (stdout and stderr together) and its exit code. */
    record Attach(int exit, String output) {
    }

    static Attach attach(long pid, String... options) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(ItEnv.java(), "-jar", ItEnv.agentJar().toString(),
                "attach", String.valueOf(pid)));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        assertThat(output).as("attach output").contains("process " + pid);
        return new Attach(rc, output);
    }
}
