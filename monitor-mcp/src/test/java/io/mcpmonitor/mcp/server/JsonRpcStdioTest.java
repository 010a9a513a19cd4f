package io.mcpmonitor.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JsonRpcStdioTest {

    @Test
    void passesWellFormedMessagesAndAnswersTheRestWithJsonRpcErrors() throws Exception {
        String input = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":",
                "[1,2]",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":7}}",
                "{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"ping\"}",
                "",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}") + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonRpcStdio stdio = new JsonRpcStdio(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
        InputStream in = stdio.in();
        String passed = new String(in.readAllBytes(), StandardCharsets.UTF_8);

        assertThat(passed.lines()).containsExactly("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error: not valid JSON\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid Request: a JSON-RPC message must be a JSON object\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32602,\"message\":\"Invalid params: tools/call needs params.name, a string\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32600,\"message\":\"Invalid Request: jsonrpc must be \\\"2.0\\\"\"}}");
        assertThat(stdio.rejectedLines()).isEqualTo(4);
        stdio.awaitEnd(); // returns: the input ended
    }

    @Test
    void writesWholeLinesOnlyWhateverTheWriterSplitsThemInto() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        var out = new JsonRpcStdio(InputStream.nullInputStream(), raw).out();
        out.write("{\"a\":".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(raw.size()).isZero();
        out.write("1}".getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        assertThat(raw.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n");
    }

    @Test
    void tellsOnceWhenTheFirstWorkRequestIsAnsweredAndNotBefore() throws Exception {
        String input = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":7}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_metrics\"}}") + "\n";
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        JsonRpcStdio stdio = new JsonRpcStdio(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), raw);
        AtomicInteger told = new AtomicInteger();
        stdio.onFirstWorkAnswer(told::incrementAndGet);
        stdio.in().readAllBytes(); // the SDK has read every request; the refused one (id 9) was answered here
        assertThat(told).hasValue(0);

        var out = stdio.out();
        for (String notYet : new String[] {
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\"}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"id\":3}]}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"id\":3}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"roots/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"3\",\"result\":{}}",
                "not json"}) {
            out.write((notYet + "\n").getBytes(StandardCharsets.UTF_8));
            assertThat(told).as(notYet).hasValue(0);
        }
        out.write("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[{\"id\":1}]}}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(told).hasValue(1);
        out.write("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(told).hasValue(1);
    }

    @Test
    void anErrorAnswerToAPromptOrResourceCountsAsTheFirstAnswer() throws Exception {
        String input = "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"method\":\"resources/read\",\"params\":{\"uri\":\"x\"}}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"p\\\"2\",\"method\":\"prompts/get\",\"params\":{\"name\":\"x\"}}\n";
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        JsonRpcStdio stdio = new JsonRpcStdio(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), raw);
        AtomicInteger told = new AtomicInteger();
        stdio.onFirstWorkAnswer(told::incrementAndGet);
        stdio.in().readAllBytes();
        stdio.out().write("{\"jsonrpc\":\"2.0\",\"id\":\"p\\\"2\",\"error\":{\"code\":-32602,\"message\":\"no such prompt\"}}\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(told).hasValue(1);
    }
}
