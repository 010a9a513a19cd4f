package io.mcpmonitor.agent.it;

import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;

/**
 * A client transport of the SDK (stdio or Streamable HTTP) that also does what clients such as the
 * TypeScript SDK's do when they give up on a request: it remembers the id of the last tools/call it sent
 * and can send {@code notifications/cancelled} for it. {@link #transport()} is the wrapped transport
 * behind a dynamic proxy, so every other method, including any a newer SDK adds, is the wrapped one's.
 */
final class CancellingTransport implements InvocationHandler {

    private final McpClientTransport delegate;
    private final McpClientTransport proxy;
    private volatile Object lastToolCallId;

    CancellingTransport(McpClientTransport delegate) {
        this.delegate = delegate;
        this.proxy = (McpClientTransport) Proxy.newProxyInstance(McpClientTransport.class.getClassLoader(),
                new Class<?>[] {McpClientTransport.class}, this);
    }

    /** The transport to hand to the client. */
    McpClientTransport transport() {
        return proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("sendMessage") && args[0] instanceof JSONRPCRequest r
                && "tools/call".equals(r.method())) {
            lastToolCallId = r.id();
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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
