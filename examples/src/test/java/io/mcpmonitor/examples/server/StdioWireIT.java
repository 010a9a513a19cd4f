package io.mcpmonitor.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stdio wire itself, without the SDK client: every line the server writes to stdout is a JSON-RPC
 * message, logs go to stderr, and the server exits with status 0 once stdin closes.
 */
class StdioWireIT {

    static final long RESPONSE_TIMEOUT_SECONDS = 30;
    static final long EXIT_TIMEOUT_SECONDS = 15;
    static final String END_OF_STREAM = "\u0000end-of-stream";

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "server args: [{0}]")
    @ValueSource(strings = {"", "--sync"})
    void writesOnlyJsonRpcToStdoutAndExitsWhenStdinCloses(String serverArgs) throws Exception {
        List<String> args = serverArgs.isEmpty() ? List.of() : List.of(serverArgs);
        Process process = new ProcessBuilder(ExampleServerJar.command(args)).start();
        try {
            BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process));
            readLinesInto(process, stdoutLines);

            try (OutputStream stdin = process.getOutputStream()) {
                send(stdin, """
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
                        "capabilities":{},"clientInfo":{"name":"wire-test","version":"0"}}}""");
                assertThat(awaitResponses(stdoutLines, 1)).containsKey(1);
                send(stdin, """
                        {"jsonrpc":"2.0","method":"notifications/initialized"}""");
                send(stdin, """
                        {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}""");
                send(stdin, """
                        {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"explode","arguments":{}}}""");
                send(stdin, """
                        {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"async_fetch","arguments":{"delayMs":50}}}""");

                Map<Integer, JsonNode> responses = awaitResponses(stdoutLines, 3);

                assertThat(responses.get(2).at("/result/content/0/text").asText()).isEqualTo("hi");
                assertThat(responses.get(3).at("/error/code").asInt()).isEqualTo(-32603);
                assertThat(responses.get(4).at("/result/isError").asBoolean()).isFalse();
            }

            assertThat(process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .as("server exits within %d s of stdin closing", EXIT_TIMEOUT_SECONDS).isTrue();
            assertThat(process.exitValue()).isZero();
            List<String> remaining = new ArrayList<>();
            stdoutLines.drainTo(remaining);
            assertThat(remaining).as("stdout after the last response").containsExactly(END_OF_STREAM);
            assertThat(stderr.get(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .contains("serving MCP over stdio")
                    .contains("boom: explode was called")
                    .contains("stdin closed, shutting down");
        } finally {
            process.destroyForcibly();
        }
    }

    /** Takes lines until {@code count} responses arrived; fails on any line that is not a JSON-RPC response. */
    private Map<Integer, JsonNode> awaitResponses(BlockingQueue<String> stdoutLines, int count) throws Exception {
        Map<Integer, JsonNode> responsesById = new TreeMap<>();
        while (responsesById.size() < count) {
            String line = stdoutLines.poll(RESPONSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(line).as("stdout line within %d s (got %s so far)", RESPONSE_TIMEOUT_SECONDS,
                    responsesById.keySet()).isNotNull().isNotEqualTo(END_OF_STREAM);
            JsonNode message = json.readTree(line);
            assertThat(message.path("jsonrpc").asText()).as("jsonrpc version of stdout line: %s", line).isEqualTo("2.0");
            assertThat(message.has("result") || message.has("error")).as("a response: %s", line).isTrue();
            responsesById.put(message.path("id").asInt(), message);
        }
        return responsesById;
    }

    private static void send(OutputStream stdin, String message) throws IOException {
        stdin.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private static void readLinesInto(Process process, BlockingQueue<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = stdout.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(stdout unreadable: " + e + ")");
            } finally {
                lines.add(END_OF_STREAM);
            }
        }, "example-server-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }
}
