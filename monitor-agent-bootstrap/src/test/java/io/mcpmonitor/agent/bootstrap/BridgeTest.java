package io.mcpmonitor.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bridge and {@link ToolCall}, driven as the advice drives them, with fake SDK objects. */
class BridgeTest {

    /** What a recording sink saw. */
    record Recorded(String server, String tool, int outcome, String errorType, String message, long nanos) {
    }

    static final class RecordingSink extends CallSink {
        final List<Recorded> calls = new ArrayList<>();
        final List<Throwable> internal = new ArrayList<>();

        @Override
        public synchronized void record(String server, String tool, long durationNanos, int outcome) {
            calls.add(new Recorded(server, tool, outcome, null, null, durationNanos));
        }

        @Override
        public synchronized void recordError(String server, String tool, long durationNanos, int outcome,
                                             String errorType, String errorMessage) {
            calls.add(new Recorded(server, tool, outcome, errorType, errorMessage, durationNanos));
        }

        @Override
        public synchronized void internalError(String where, Throwable error) {
            internal.add(error);
        }
    }

    /** Stands for CallToolResult. */
    public record Result(Boolean isError, List<Text> content) {
    }

    public record Text(String text) {
    }

    /** Stands for McpAsyncServer. */
    public static final class Server {
        private final String name;

        Server(String name) {
            this.name = name;
        }

        public Info getServerInfo() {
            return new Info(name);
        }
    }

    public record Info(String name) {
    }

    /** Stands for io.modelcontextprotocol.spec.McpError. */
    static final class McpError extends RuntimeException {
        McpError(String message) {
            super(message);
        }
    }

    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void install() {
        Bridge.configure(sink, null, "fallback-jar");
        Bridge.setEnabled(true);
    }

    @AfterEach
    void uninstall() {
        Bridge.setEnabled(false);
        Bridge.configure(CallSink.NOOP, null, "java");
    }

    @Test
    void successToolErrorExceptionUnknownToolAndCancelAreToldApart() {
        Server server = new Server("weather");
        complete(server, "forecast", new Result(false, List.of(new Text("sunny"))));
        complete(server, "forecast", new Result(null, List.of()));
        complete(server, "forecast", new Result(true, List.of(new Text("no such city"))));
        complete(server, "forecast", new IllegalStateException("boom"));
        complete(server, "nope", new McpError("Unknown tool: invalid_tool_name"));
        complete(server, "slow", new TimeoutException("late"));
        ToolCall cancelled = Bridge.toolCallExit(Bridge.toolCallEnter(), server, Map.of("name", "slow"), null);
        cancelled.run();

        assertThat(sink.calls).extracting(Recorded::outcome).containsExactly(Bridge.SUCCESS, Bridge.SUCCESS,
                Bridge.TOOL_ERROR, Bridge.EXCEPTION, Bridge.UNKNOWN_TOOL, Bridge.TIMEOUT, Bridge.CANCELLED);
        assertThat(sink.calls).allMatch(r -> r.server().equals("weather") && r.nanos() >= 0);
        assertThat(sink.calls.get(2).message()).isEqualTo("no such city");
        assertThat(sink.calls.get(3).errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(sink.internal).isEmpty();
    }

    @Test
    void validatorRefusalIsInvalidArguments() {
        Server server = new Server("weather");
        long start = Bridge.toolCallEnter();
        Result refusal = new Result(true, List.of(new Text("validation failed")));
        Bridge.toolInputRejected(refusal);
        ToolCall call = Bridge.toolCallExit(start, server, Map.of("name", "forecast"), null);
        call.accept(refusal);
        // The next call on this thread is not affected.
        complete(server, "forecast", new Result(true, List.of()));
        assertThat(sink.calls).extracting(Recorded::outcome)
                .containsExactly(Bridge.INVALID_ARGUMENTS, Bridge.TOOL_ERROR);
    }

    @Test
    void firstTerminalSignalWinsOnce() {
        ToolCall call = Bridge.toolCallExit(Bridge.toolCallEnter(), new Server("s"), Map.of("name", "t"), null);
        call.accept(new Result(false, List.of()));
        call.run();
        call.accept(new IllegalStateException());
        assertThat(sink.calls).hasSize(1);
    }

    @Test
    void synchronousThrowIsRecordedAtExit() {
        ToolCall call = Bridge.toolCallExit(Bridge.toolCallEnter(), new Server("s"), Map.of("name", "t"),
                new IllegalArgumentException("bad params"));
        assertThat(call).isNull();
        assertThat(sink.calls).extracting(Recorded::outcome).containsExactly(Bridge.EXCEPTION);
    }

    @Test
    void serverNameOptionWinsAndSdkDefaultNameFallsBack() {
        complete(new Server("Java SDK MCP Server"), "t", new Result(false, List.of()));
        Bridge.configure(sink, "configured", "fallback-jar");
        complete(new Server("announced"), "t", new Result(false, List.of()));
        assertThat(sink.calls).extracting(Recorded::server).containsExactly("fallback-jar", "configured");
    }

    @Test
    void missingToolNameIsRecordedUnderAPlaceholder() {
        complete(new Server("s"), null, new Result(false, List.of()));
        assertThat(sink.calls).extracting(Recorded::tool).containsExactly(Bridge.UNNAMED_TOOL);
    }

    @Test
    void disabledMeansNotTimed() {
        Bridge.setEnabled(false);
        long start = Bridge.toolCallEnter();
        assertThat(start).isEqualTo(Bridge.NOT_TIMED);
        assertThat(Bridge.toolCallExit(start, new Server("s"), Map.of("name", "t"), null)).isNull();
        assertThat(sink.calls).isEmpty();
    }

    @Test
    void nestedIncludedMethodsCountOnce() {
        long outer = Bridge.methodEnter();
        long inner = Bridge.methodEnter();
        assertThat(inner).isEqualTo(Bridge.NESTED);
        Bridge.methodExit(inner, "inner", "x", null);
        Bridge.methodExit(outer, "outer", "x", null);
        long again = Bridge.methodEnter();
        Bridge.methodExit(again, "again", null, new IllegalStateException());
        assertThat(sink.calls).extracting(Recorded::tool).containsExactly("outer", "again");
        assertThat(sink.calls).extracting(Recorded::outcome).containsExactly(Bridge.SUCCESS, Bridge.EXCEPTION);
    }

    @Test
    void completionStageIsTimedUntilItCompletes() {
        CompletableFuture<String> future = new CompletableFuture<>();
        Bridge.methodExit(Bridge.methodEnter(), "later", future, null);
        assertThat(sink.calls).isEmpty();
        future.completeExceptionally(new IllegalStateException("failed later"));
        assertThat(sink.calls).extracting(Recorded::outcome).containsExactly(Bridge.EXCEPTION);
        assertThat(sink.calls.get(0).errorType()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void aThrowingSinkNeverReachesTheHost() {
        CallSink throwing = new CallSink() {
            @Override
            public void record(String server, String tool, long durationNanos, int outcome) {
                throw new IllegalStateException("sink broken");
            }

            @Override
            public void recordError(String server, String tool, long durationNanos, int outcome, String type,
                                    String message) {
                throw new IllegalStateException("sink broken");
            }

            @Override
            public void internalError(String where, Throwable error) {
                sink.internalError(where, error);
            }
        };
        Bridge.configure(throwing, null, "java");
        assertThatCode(() -> complete(new Server("s"), "t", new Result(false, List.of()))).doesNotThrowAnyException();
        assertThatCode(() -> Bridge.methodExit(Bridge.methodEnter(), "m", null, null)).doesNotThrowAnyException();
        assertThat(sink.internal).hasSize(2);
    }

    private static void complete(Server server, String tool, Object signal) {
        ToolCall call = Bridge.toolCallExit(Bridge.toolCallEnter(), server,
                tool == null ? Map.of() : Map.of("name", tool), null);
        call.accept(signal);
    }
}
