package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.deploy.Deployment;
import io.mcpmonitor.core.deploy.DeploymentLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent records a deployment by itself when the server it watches announces a serverInfo.version
 * other than the last one recorded: example-server at 1.0.0, again at 1.0.0 (a restart, no deployment),
 * then at 2.0.0 in staging.
 */
class DeploymentRecordingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * Serves two calls at {@code version}; when {@code recorded} deployments are expected in the log by
     * then, waits for them while the server still runs (the agent records on a background thread, and
     * its wait for that thread at exit is short).
     */
    private static List<String> run(Path store, String version, String environment, int recorded) throws Exception {
        JavaCommand command = JavaCommand.jar(ItEnv.exampleServerJar(), "--version", version)
                .agent("store=" + store + ",environment=" + environment);
        try (McpSession session = McpSession.stdio(command)) {
            session.callOk("echo", Map.of("text", "hi"));
            session.callOk("echo", Map.of("text", "again"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (new DeploymentLog(store).all().size() < recorded && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            return session.stderr();
        }
    }

    @Test
    void aNewAnnouncedVersionIsADeployment() throws Exception {
        Path store = ItEnv.workDirectory("deployments");
        List<String> first = run(store, "1.0.0", "production", 1);
        List<String> restart = run(store, "1.0.0", "production", 1);
        run(store, "2.0.0", "production", 2);
        List<String> staging = run(store, "2.0.0", "staging", 3);

        List<Deployment> all = new DeploymentLog(store).all();
        assertThat(all).extracting(Deployment::version).containsExactly("1.0.0", "2.0.0", "2.0.0");
        assertThat(all).allSatisfy(d -> {
            assertThat(d.server()).isEqualTo("example-server");
            assertThat(d.source()).isEqualTo("agent");
        });
        assertThat(all.get(0).previousVersion()).isEmpty();
        assertThat(all.get(1).previousVersion()).isEqualTo("1.0.0");
        assertThat(all.get(1).environment()).isEqualTo("production");
        assertThat(all.get(2).environment()).isEqualTo("staging");
        assertThat(all.get(2).previousVersion()).isEmpty();
        AgentOutput.assertNoWarnings(first);
        AgentOutput.assertNoWarnings(restart);
        AgentOutput.assertNoWarnings(staging);
    }
}
