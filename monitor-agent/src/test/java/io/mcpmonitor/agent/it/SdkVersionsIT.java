package io.mcpmonitor.agent.it;

import io.mcpmonitor.testkit.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same count check against servers built on the oldest supported SDK (0.17.x), the 1.x line, the pinned
 * 2.x and the newest release that resolves, each a fixture compiled here against that version's real jars (a
 * version listed twice, as under -Psdk-newest, runs once), with one call the client cancels
 * ({@code notifications/cancelled}) on each; plus a stateless server (McpStatelessAsyncServer under
 * McpServer.sync) over HTTP.
 */
class SdkVersionsIT {

    static final int N = 3;
    static final long CANCELLED_SLEEP_MILLIS = 3_000;

    static Stream<String> versions() {
        return Stream.of(ItEnv.sdkOldest(), ItEnv.sdk1x(), ItEnv.currentSdkVersion(), ItEnv.sdkNewest()).distinct();
    }

    @ParameterizedTest(name = "SDK {0}")
    @MethodSource("versions")
    void countsEveryCallOnThisSdkVersion(String version) throws Exception {
        Path store = ItEnv.workDirectory("sdk-" + version);
        String server = "fixture-" + version;
        JavaCommand command = JavaCommand.fixtureServer(version, server)
                .agent("store=" + store + ",flush=500ms");
        List<String> stderr;
        try (McpSession session = McpSession.stdio(command)) {
            FixtureCalls.makeEach(session, N, true);
            CancelCheck.cancelWhileRunning(session, store, server, "sleep", Map.of("delayMs", CANCELLED_SLEEP_MILLIS));
            stderr = session.stderr();
        }
        StoreContents contents = StoreContents.read(store);
        FixtureCalls.assertEach(contents, server, N, true, 1);
        CancelCheck.assertCancelledOnce(contents, server, "sleep", CANCELLED_SLEEP_MILLIS);
        AgentOutput.assertNoWarnings(stderr);
    }

    @Test
    void countsEveryCallOfAStatelessServerOverHttp() throws Exception {
        List<Path> classpath = ItEnv.sdkWithJettyClasspath();
        Path classes = ItEnv.compileFixtures(classpath, "fixtures", "fixtures-http");
        Path store = ItEnv.workDirectory("stateless");
        JavaCommand command = JavaCommand.mainClass(concat(classes, classpath), "fixture.StatelessHttpFixture")
                .agent("store=" + store);
        try (ChildProcess server = ChildProcess.start(command.command(), command.env())) {
            String listening = server.awaitStderr(l -> l.startsWith("fixture listening on "), Duration.ofSeconds(60));
            try (McpSession session = McpSession.http(listening.substring("fixture listening on ".length()).trim())) {
                FixtureCalls.makeEach(session, N, false);
            }
            server.terminate();
            server.awaitExit(Duration.ofSeconds(30));
            AgentOutput.assertNoWarnings(server.stderr());
        }
        FixtureCalls.assertEach(StoreContents.read(store), "stateless-fixture", N, false);
    }

    static List<Path> concat(Path first, List<Path> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).toList();
    }
}
