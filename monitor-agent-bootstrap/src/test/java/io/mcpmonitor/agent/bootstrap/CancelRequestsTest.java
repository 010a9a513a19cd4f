package io.mcpmonitor.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.agent.bootstrap.BridgeTest.RecordingSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client's {@code notifications/cancelled} reaches the call it names through the bridge, as the session
 * advice and the tools/call advice drive it, with stand-ins for the SDK's message records.
 */
class CancelRequestsTest {

    /** Stands for McpSchema.JSONRPCRequest. */
    public record Request(String jsonrpc, String method, Object id, Object params) {
    }

    /** Stands for McpSchema.JSONRPCNotification. */
    public record Notification(String jsonrpc, String method, Object params) {
    }

    /** Stands for McpSchema.JSONRPCResponse: no method, never followed. */
    public record Response(String jsonrpc, Object id, Object result) {
    }

    private final RecordingSink sink = new RecordingSink();
    private final Object session = new Object();

    @BeforeEach
    void install() {
        Bridge.configure(sink, "srv", "fallback");
        Bridge.setEnabled(true);
    }

    @AfterEach
    void uninstall() {
        Bridge.setEnabled(false);
        Bridge.configure(CallSink.NOOP, null, "java");
    }

    private ToolCall start(Object requestSession, Object id, String tool) {
        Map<String, Object> params = new LinkedHashMap<>(Map.of("name", tool, "arguments", Map.of()));
        Bridge.sessionMessage(requestSession, new Request("2.0", "tools/call", id, params));
        long start = Bridge.toolCallEnter();
        return Bridge.toolCallExit(start, new Object(), params, null);
    }

    private void cancel(Object onSession, Object requestId, String reason) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("requestId", requestId);
        if (reason != null) {
            p.put("reason", reason);
        }
        Bridge.sessionMessage(onSession, new Notification("2.0", "notifications/cancelled", p));
    }

    @Test
    void cancellationCountsTheNamedCallOnceAsCancelledWithTheReason() {
        int pendingBefore = CancelRequests.pending(); // another test may leave unclaimed requests (bounded)
        ToolCall slow = start(session, 7, "slow");
        ToolCall other = start(session, 8, "other");
        cancel(session, 7L, "Request timed out");
        slow.accept(new BridgeTest.Result(false, List.of())); // the tool's late end
        other.accept(new BridgeTest.Result(false, List.of()));
        assertThat(sink.calls).extracting(BridgeTest.Recorded::tool, BridgeTest.Recorded::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("slow", Bridge.CANCELLED),
                        org.assertj.core.groups.Tuple.tuple("other", Bridge.SUCCESS));
        assertThat(sink.calls.get(0).message()).isEqualTo("cancelled by the client: Request timed out");
        assertThat(CancelRequests.running()).isZero();
        assertThat(CancelRequests.pending()).isEqualTo(pendingBefore);
        assertThat(sink.internal).isEmpty();
    }

    @Test
    void aCancellationOfAnotherSessionOrIdOrAnEndedCallChangesNothing() {
        ToolCall call = start(session, "abc-1", "slow");
        cancel(new Object(), "abc-1", null); // same id, another session
        cancel(session, 1, null);             // another id
        cancel(session, "unknown", null);
        call.accept(new BridgeTest.Result(false, List.of()));
        cancel(session, "abc-1", null);       // after the end
        assertThat(sink.calls).extracting(BridgeTest.Recorded::outcome).containsExactly(Bridge.SUCCESS);
        assertThat(CancelRequests.running()).isZero();
    }

    @Test
    void responsesAndUnknownMessagesPassWithoutAnyEffect() {
        int pendingBefore = CancelRequests.pending();
        Bridge.sessionMessage(session, new Response("2.0", 3, Map.of()));
        Bridge.sessionMessage(session, "not a message");
        Bridge.sessionMessage(session, null);
        Bridge.sessionMessage(session, new Notification("2.0", "notifications/cancelled", "not a map"));
        assertThat(CancelRequests.pending()).isEqualTo(pendingBefore);
        assertThat(sink.calls).isEmpty();
        assertThat(sink.internal).isEmpty();
    }

    @Test
    void requestsThatNeverReachTheHandlerStayBounded() {
        for (int i = 0; i < 3 * CancelRequests.MAX_PENDING; i++) {
            Bridge.sessionMessage(session, new Request("2.0", "tools/call", i, new LinkedHashMap<>()));
        }
        assertThat(CancelRequests.pending()).isLessThanOrEqualTo(CancelRequests.MAX_PENDING);
        ToolCall call = start(session, "after", "slow");
        cancel(session, "after", null);
        assertThat(sink.calls).extracting(BridgeTest.Recorded::outcome).containsExactly(Bridge.CANCELLED);
        assertThat(call.isDone()).isTrue();
    }

    @Test
    void aRunningCallIsVisibleUntilItIsCountedThenNotAgain() {
        ToolCall call = start(session, 9, "slow");
        List<String> seen = new java.util.ArrayList<>();
        Bridge.visitInFlight((server, tool, startNanos) -> seen.add(server + "/" + tool));
        assertThat(seen).containsExactly("srv/slow");
        cancel(session, 9, null);
        seen.clear();
        Bridge.visitInFlight((server, tool, startNanos) -> seen.add(server + "/" + tool));
        assertThat(seen).isEmpty();
        assertThat(call.isDone()).isTrue();
    }
}
