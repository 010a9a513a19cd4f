package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Acceptances 5 and 6, and the agent's other promises to the host: byte-identical JSON-RPC responses with and
 * without the agent; a store that cannot be written leaves the host serving every call, with JSON-RPC alone
 * on stdout and one rate-limited warning on stderr; calls made just before a normal exit are in the store.
 */
class HostUnharmedIT {

    @Test
    void responsesAreByteForByteTheSameWithAndWithoutTheAgent() throws Exception {
        Path store = ItEnv.workDirectory("identical");
        ScriptedSession.Transcript without = ScriptedSession.run(JavaCommand.jar(ItEnv.exampleServerJar()));
        ScriptedSession.Transcript with = ScriptedSession.run(
                JavaCommand.jar(ItEnv.exampleServerJar()).agent("store=" + store));

        assertThat(without.responses()).hasSize(ScriptedSession.RESPONSES);
        assertThat(with.responses()).containsExactlyElementsOf(without.responses());
        assertThat(with.stdout()).allMatch(ScriptedSession::isJsonRpc);
        AgentOutput.assertNoWarnings(with.stderr());

        // The session ended with stdin closing and the server exiting normally: the final flush stored it all,
        // including the calls made just before the exit.
        StoreContents contents = StoreContents.read(store);
        assertThat(contents.totalCalls()).isEqualTo(ScriptedSession.CALLS.size() - 1);
        assertThat(contents.count("example-server", "echo", Outcome.SUCCESS)).isEqualTo(2);
        assertThat(contents.count("example-server", "echo", Outcome.INVALID_ARGUMENTS)).isEqualTo(1);
        assertThat(contents.count("example-server", "flaky", Outcome.TOOL_ERROR)).isEqualTo(1);
        assertThat(contents.count("example-server", "explode", Outcome.EXCEPTION)).isEqualTo(1);
        assertThat(contents.count("example-server", "(unknown tool)", Outcome.UNKNOWN_TOOL)).isEqualTo(1);
    }

    @Test
    void unwritableStoreLeavesTheHostServingWithJsonRpcAloneOnStdout() throws Exception {
        Path store = unwritableStore();
        ScriptedSession.Transcript baseline = ScriptedSession.run(JavaCommand.jar(ItEnv.exampleServerJar()));
        // Flush every 100 ms, so the store is tried (and fails) several times during the session.
        ScriptedSession.Transcript with = ScriptedSession.run(
                JavaCommand.jar(ItEnv.exampleServerJar()).agent("store=" + store + ",flush=100ms"));

        assertThat(with.responses()).containsExactlyElementsOf(baseline.responses());
        assertThat(with.stdout()).as("stdout carries JSON-RPC only").allMatch(ScriptedSession::isJsonRpc);
        // Besides the start-up line: one store warning, rate-limited over the repeated flushes, and the
        // deployment record the same store refuses (warned once, at start).
        List<String> warnings = AgentOutput.lines(with.stderr()).stream().filter(l -> !l.contains(AgentOutput.STARTED)).toList();
        assertThat(warnings).as("one warning per cause, rate-limited").allMatch(l -> l.contains("[mcp-monitor] WARN"))
                .filteredOn(l -> l.contains("cannot write the store")).hasSize(1);
        assertThat(warnings).filteredOn(l -> !l.contains("cannot write the store"))
                .allMatch(l -> l.contains("could not record the deployment")).hasSizeLessThanOrEqualTo(1);
        assertThat(Files.exists(store.resolve("minute"))).isFalse();
    }

    /**
     * A store directory nobody can write: read-only permissions, or, for root (whom permissions do not stop),
     * a path below a regular file.
     */
    private static Path unwritableStore() throws IOException {
        Path work = ItEnv.workDirectory("readonly");
        Path readOnly = Files.createDirectory(work.resolve("store"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Files.delete(Files.createFile(readOnly.resolve("probe")));
            Path file = Files.writeString(work.resolve("a-file"), "not a directory");
            return file.resolve("store");
        } catch (IOException expected) {
            return readOnly;
        }
    }
}
