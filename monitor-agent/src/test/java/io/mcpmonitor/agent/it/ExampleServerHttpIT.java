package io.mcpmonitor.agent.it;

import io.mcpmonitor.testkit.ChildProcess;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance 1 (Streamable HTTP): the same calls and expectations as over stdio, against example-server
 * serving Streamable HTTP on loopback. The server is stopped with SIGTERM, so the data arrives through the
 * agent's flush at shutdown.
 */
class ExampleServerHttpIT {

    static final int N = 3;

    @ParameterizedTest(name = "{0} server")
    @ValueSource(strings = {"async", "sync"})
    void countsEveryToolCallWithItsOutcomeAndDuration(String kind) throws Exception {
        Path store = ItEnv.workDirectory("http-" + kind);
        JavaCommand command = (kind.equals("sync")
                ? JavaCommand.jar(ItEnv.exampleServerJar(), "--http", "0", "--sync")
                : JavaCommand.jar(ItEnv.exampleServerJar(), "--http", "0"))
                .agent("store=" + store);
        try (ChildProcess server = ChildProcess.start(command.command(), command.env())) {
            String listening = server.awaitStderr(l -> l.contains(" listening on http://"), Duration.ofSeconds(60));
            String endpoint = listening.substring(listening.indexOf("http://")).trim();
            try (McpSession session = McpSession.http(endpoint)) {
                ExampleServerCalls.makeEach(session, N);
            }
            server.terminate();
            server.awaitExit(Duration.ofSeconds(30));
            AgentOutput.assertNoWarnings(server.stderr());
            assertThat(server.stdout()).as("stdout of an HTTP server with the agent").isEmpty();
        }
        ExampleServerCalls.assertEach(StoreContents.read(store), ExampleServerStdioIT.SERVER, N);
    }
}
