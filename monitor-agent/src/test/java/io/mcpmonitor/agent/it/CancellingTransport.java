package io.mcpmonitor.agent.it;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A client transport of the SDK (stdio or Streamable HTTP) that also does what clients such as the
 * TypeScript SDK's do when they give up on a request: it remembers the id of the last tools/call it sent
 * and can send {@code notifications/cancelled} for it. Everything else is the wrapped transport's.
 */
final class CancellingTransport implements McpClientTransport {

    private final McpClientTransport delegate;
    private volatile Object lastToolCallId;

    CancellingTransport(McpClientTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        return delegate.connect(handler);
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        if (message instanceof JSONRPCRequest r && "tools/call".equals(r.method())) {
            lastToolCallId = r.id();
        }
        return delegate.sendMessage(message);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return delegate.unmarshalFrom(data, type);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    /** Sends {@code notifications/cancelled} for the last tools/call sent. */
    void cancelLastToolCall(String reason, Duration timeout) {
        Object id = lastToolCallId;
        if (id == null) {
            throw new IllegalStateException("no tools/call sent yet");
        }
        delegate.sendMessage(new JSONRPCNotification("2.0", "notifications/cancelled",
                Map.of("requestId", id, "reason", reason))).block(timeout);
    }
}
