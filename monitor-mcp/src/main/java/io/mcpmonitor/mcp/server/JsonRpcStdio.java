package io.mcpmonitor.mcp.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Guards the stdio JSON-RPC channel of {@code serve}. The SDK's stdio transport stops reading at the
 * first line it cannot parse, which would let one bad client line take the monitor down; so every
 * incoming line is checked here first. A line that is not JSON is answered with a JSON-RPC parse error
 * (-32700), one that is not a JSON-RPC 2.0 message with an invalid-request error (-32600), a
 * {@code tools/call} with malformed params with an invalid-params error (-32602); only well-formed
 * messages reach the SDK. Output lines are written whole, so these answers never interleave with the
 * SDK's own.
 *
 * <p>Also tells when stdin has ended ({@link #awaitEnd()}), so the server exits cleanly, and when the
 * first answer to a request for real work has gone out ({@link #onFirstWorkAnswer}).
 */
public final class JsonRpcStdio {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest line accepted (a batch of 10,000 metrics is ~2 MB). */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final InputStream rawIn;
    private final OutputStream rawOut;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicLong rejected = new AtomicLong();
    private final Object writeLock = new Object();
    /**
     * The methods whose answer is what a client that just started the sidecar waits for; {@code initialize},
     * {@code tools/list} and the like are answered from memory and cost nothing worth waiting behind.
     */
    static final Set<String> WORK_METHODS = Set.of("tools/call", "resources/read", "prompts/get");

    private volatile Runnable onFirstWorkAnswer = () -> { };
    /** Ids (as JSON text) of work requests passed on and not yet answered, until the first is answered. */
    private final Set<String> awaitedIds = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean workAnswered = new AtomicBoolean();

    public JsonRpcStdio(InputStream rawIn, OutputStream rawOut) {
        this.rawIn = rawIn;
        this.rawOut = rawOut;
    }

    /** The stream to give the SDK's transport as its input: well-formed messages only. */
    public InputStream in() {
        return new CheckedIn();
    }

    /** The stream to give the SDK's transport as its output: whole lines, never interleaved. */
    public OutputStream out() {
        return new LineOut();
    }

    /** Blocks until stdin reached its end or failed. */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    /** Lines refused so far. */
    public long rejectedLines() {
        return rejected.get();
    }

    /** Returns null if {@code line} may pass, else the error answer to write back. */
    static String check(String line) {
        try {
            return check(JSON.readTree(line));
        } catch (IOException e) {
            return error(null, -32700, "Parse error: not valid JSON");
        }
    }

    private static String check(JsonNode n) {
        if (n == null || !n.isObject()) {
            return error(null, -32600, "Invalid Request: a JSON-RPC message must be a JSON object");
        }
        JsonNode id = n.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber() || id.isNull())) {
            return error(null, -32600, "Invalid Request: id must be a string or an integer");
        }
        if (!"2.0".equals(n.path("jsonrpc").asText(null))) {
            return error(id, -32600, "Invalid Request: jsonrpc must be \"2.0\"");
        }
        JsonNode method = n.get("method");
        if (method == null) {
            boolean isResponse = id != null && (n.has("result") || n.has("error"));
            return isResponse ? null : error(id, -32600, "Invalid Request: method is missing");
        }
        if (!method.isTextual()) {
            return error(id, -32600, "Invalid Request: method must be a string");
        }
        JsonNode params = n.get("params");
        if (params != null && !params.isObject()) {
            return error(id, -32602, "Invalid params: params must be an object");
        }
        if ("tools/call".equals(method.asText())) {
            if (params == null || !params.path("name").isTextual()) {
                return error(id, -32602, "Invalid params: tools/call needs params.name, a string");
            }
            JsonNode args = params.get("arguments");
            if (args != null && !args.isObject() && !args.isNull()) {
                return error(id, -32602, "Invalid params: params.arguments must be an object");
            }
        }
        return null;
    }

    private static String error(JsonNode id, int code, String message) {
        ObjectNode out = JSON.createObjectNode();
        out.put("jsonrpc", "2.0");
        out.set("id", id == null ? JSON.nullNode() : id);
        ObjectNode err = out.putObject("error");
        err.put("code", code);
        err.put("message", message);
        return out.toString();
    }

    /**
     * Runs {@code action} once, right after the first answer (result or error) to a request of one of the
     * {@link #WORK_METHODS} has been written out. Answers to other requests, notifications and requests of
     * the server do not count.
     */
    public void onFirstWorkAnswer(Runnable action) {
        onFirstWorkAnswer = action;
    }

    /** Remembers {@code message}'s id if it is a work request passed on to the SDK, until one is answered. */
    private void noteRequest(String line) {
        if (workAnswered.get()) {
            return;
        }
        try {
            JsonNode n = JSON.readTree(line);
            JsonNode id = n.get("id");
            if (id != null && !id.isNull() && WORK_METHODS.contains(n.path("method").asText(""))) {
                awaitedIds.add(id.toString());
            }
        } catch (IOException e) {
            // It passed check, so it is JSON; nothing to remember otherwise.
        }
    }

    private void writeLine(byte[] bytes, int len) throws IOException {
        synchronized (writeLock) {
            rawOut.write(bytes, 0, len);
            rawOut.flush();
        }
        if (!workAnswered.get() && !awaitedIds.isEmpty() && answersAwaited(bytes, len)
                && workAnswered.compareAndSet(false, true)) {
            awaitedIds.clear();
            try {
                onFirstWorkAnswer.run();
            } catch (RuntimeException e) {
                // A listener's failure must never reach the channel.
            }
        }
    }

    /**
     * Whether the line is a response (no {@code method}, a {@code result} or an {@code error}) whose id is
     * awaited. Reads the top level only, skipping the contents of the result.
     */
    private boolean answersAwaited(byte[] bytes, int len) {
        String id = null;
        boolean method = false;
        boolean outcome = false;
        try (JsonParser p = JSON.getFactory().createParser(bytes, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> id = value == JsonToken.VALUE_STRING
                            ? JSON.getNodeFactory().textNode(p.getText()).toString() : p.getText();
                    case "method" -> method = true;
                    case "result", "error" -> outcome = true;
                    default -> { }
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return false;
        }
        return id != null && !method && outcome && awaitedIds.contains(id);
    }

    /** Input that hands the SDK only lines that passed {@link #check}. */
    private final class CheckedIn extends InputStream {
        private byte[] current = new byte[0];
        private int pos;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos >= current.length) {
                String line = nextLine();
                if (line == null) {
                    ended.countDown();
                    return -1;
                }
                if (line.isBlank()) {
                    continue;
                }
                String refusal = check(line);
                if (refusal != null) {
                    rejected.incrementAndGet();
                    byte[] answer = (refusal + "\n").getBytes(StandardCharsets.UTF_8);
                    writeLine(answer, answer.length);
                    continue;
                }
                noteRequest(line);
                current = (line + "\n").getBytes(StandardCharsets.UTF_8);
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        private String nextLine() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
            try {
                int c;
                while ((c = rawIn.read()) >= 0) {
                    if (c == '\n') {
                        return buf.toString(StandardCharsets.UTF_8);
                    }
                    if (buf.size() < MAX_LINE_BYTES) {
                        buf.write(c);
                    }
                }
            } catch (IOException e) {
                ended.countDown();
                throw e;
            }
            return buf.size() > 0 ? buf.toString(StandardCharsets.UTF_8) : null;
        }
    }

    /** Output that collects a line and writes it whole under the lock. */
    private final class LineOut extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                line.write(b[i]);
                if (b[i] == '\n') {
                    emit();
                }
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            // Whole lines only: a partial line waits for its newline.
        }

        private void emit() throws IOException {
            writeLine(line.toByteArray(), line.size());
            line.reset();
        }
    }
}
