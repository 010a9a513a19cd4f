package io.mcpmonitor.mcp.server;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.List;
import java.util.concurrent.Semaphore;
import reactor.core.publisher.Mono;

/**
 * A stdio transport provider whose session sends one message at a time. The SDK's stdio session
 * queues outgoing messages in a sink that refuses concurrent emission and gives up after a short busy
 * wait ("Failed to enqueue message"): the answer is then lost and its client waits forever. Concurrent
 * tool calls finish together — answers of one group commit are released at once — so on a loaded
 * machine that happened within seconds at 8 concurrent callers. Taking turns here costs nothing
 * measurable (enqueueing is a few microseconds) and loses nothing.
 */
public final class SerializedSends implements McpServerTransportProvider {

    private final McpServerTransportProvider delegate;

    public SerializedSends(McpServerTransportProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        delegate.setSessionFactory(transport -> factory.create(new Session(transport)));
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return delegate.notifyClients(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return delegate.notifyClient(sessionId, method, params);
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
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    private static final class Session implements McpServerTransport {
        private final McpServerTransport transport;
        private final Semaphore turn = new Semaphore(1);

        Session(McpServerTransport transport) {
            this.transport = transport;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.defer(() -> {
                turn.acquireUninterruptibly();
                return transport.sendMessage(message).doFinally(signal -> turn.release());
            });
        }

        @Override
        public Mono<Void> closeGracefully() {
            return transport.closeGracefully();
        }

        @Override
        public void close() {
            transport.close();
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return transport.unmarshalFrom(data, typeRef);
        }

        @Override
        public List<String> protocolVersions() {
            return transport.protocolVersions();
        }
    }
}
