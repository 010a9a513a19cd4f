package io.mcpmonitor.agent.it;

import io.mcpmonitor.testkit.ChildProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A scripted stdio session with example-server, written as raw JSON-RPC lines: every outcome the agent tells
 * apart (success, isError, a throw, an unknown tool, bad arguments, slow and asynchronous tools); every answer
 * is deterministic (each seeded flaky call has a seed of its own: stdio runs calls concurrently). It returns
 * the server's stdout exactly as written, ordered by response id (stdio answers out of order), and the stderr.
 */
final class ScriptedSession {

    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"script\","
            + "\"version\":\"1.0\"}}}";
    static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    static final List<String> CALLS = List.of(
            call(2, "echo", "{\"text\":\"hello\"}"),
            call(3, "flaky", "{\"failureRate\":1,\"seed\":7}"),
            call(4, "flaky", "{\"failureRate\":0,\"seed\":8}"),
            call(5, "explode", "{\"message\":\"scripted\"}"),
            call(6, "no_such_tool", "{}"),
            call(7, "echo", "{\"text\":42}"),
            call(8, "slow_query", "{\"delayMs\":300}"),
            call(9, "async_fetch", "{\"delayMs\":100,\"resource\":\"r\"}"),
            call(10, "echo", "{\"text\":\"bye\"}"),
            "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/list\",\"params\":{}}");
    /** Responses expected: initialize plus one per call. */
    static final int RESPONSES = 1 + CALLS.size();

    private static final ObjectMapper JSON = new ObjectMapper();

    record Transcript(List<String> responses, List<String> stdout, List<String> stderr) {
    }

    private ScriptedSession() {
    }

    static Transcript run(JavaCommand command) throws TimeoutException, InterruptedException {
        try (ChildProcess server = ChildProcess.start(command.command(), command.env())) {
            server.send(INITIALIZE);
            server.awaitStdoutLines(1, Duration.ofSeconds(60));
            server.send(INITIALIZED);
            CALLS.forEach(server::send);
            server.awaitStdoutLines(RESPONSES, Duration.ofSeconds(60));
            server.closeStdin();
            server.awaitExit(Duration.ofSeconds(30));
            List<String> stdout = server.stdout();
            List<String> responses = new ArrayList<>(stdout);
            responses.sort(Comparator.comparingLong(ScriptedSession::id));
            return new Transcript(responses, stdout, server.stderr());
        }
    }

    /** Whether a stdout line is a JSON-RPC 2.0 message (and nothing else). */
    static boolean isJsonRpc(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() && "2.0".equals(node.path("jsonrpc").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private static long id(String line) {
        try {
            return JSON.readTree(line).path("id").asLong(Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException("stdout line is not JSON: " + line, e);
        }
    }

    private static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }
}
