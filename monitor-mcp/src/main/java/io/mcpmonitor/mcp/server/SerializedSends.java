package io.mcpmonitor.mcp.server;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpTransport;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A stdio transport provider whose session sends one message at a time, and ({@link #client}) the same for
 * a client transport. The SDK's stdio transports queue outgoing messages in a sink that refuses concurrent
 * emission and gives up after a short busy wait ("Failed to enqueue message"): the message is then lost
 * and whoever waits for its answer waits forever. Concurrent tool calls finish together — answers of one
 * group commit are released at once — so on a loaded machine that happened within seconds at 8
 * concurrent callers. Taking turns costs nothing measurable (enqueueing is a few microseconds) and loses
 * nothing.
 */
public final class SerializedSends implements McpServerTransportProvider {

    private final McpServerTransportProvider delegate;

    public SerializedSends(McpServerTransportProvider delegate) {
        this.delegate = delegate;
    }

    /** {@code transport}, sending one message at a time, so a client may call from several threads at once. */
    public static McpClientTransport client(McpClientTransport transport) {
        return new ClientTurns(transport);
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        delegate.setSessionFactory(transport -> factory.create(new SessionTurns(transport)));
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

    /** A transport that passes everything to {@code transport}, letting one message out at a time. */
    private abstract static class Turns<T extends McpTransport> implements McpTransport {
        final T transport;
        private final Semaphore turn = new Semaphore(1);

        Turns(T transport) {
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
        public <R> R unmarshalFrom(Object data, TypeRef<R> typeRef) {
            return transport.unmarshalFrom(data, typeRef);
        }

        @Override
        public List<String> protocolVersions() {
            return transport.protocolVersions();
        }
    }

    private static final class SessionTurns extends Turns<McpServerTransport> implements McpServerTransport {
        SessionTurns(McpServerTransport transport) {
            super(transport);
        }
    }

    private static final class ClientTurns extends Turns<McpClientTransport> implements McpClientTransport {
        ClientTurns(McpClientTransport transport) {
            super(transport);
        }

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            return transport.connect(handler);
        }

        @Override
        public void setExceptionHandler(Consumer<Throwable> handler) {
            transport.setExceptionHandler(handler);
        }
    }
}
