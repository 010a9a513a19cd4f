package io.mcpmonitor.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
}
