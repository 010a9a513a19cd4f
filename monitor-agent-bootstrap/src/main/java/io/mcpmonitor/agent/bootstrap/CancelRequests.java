package io.mcpmonitor.agent.bootstrap;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ties a client's {@code notifications/cancelled} to the tool call it names. The SDK's server sessions
 * ignore that notification (the tool runs on and its late answer is dropped by the client), so the agent
 * watches the messages a session receives: a {@code tools/call} request leaves its JSON-RPC id under the
 * identity of its {@code params} object (the very object the SDK then hands to the tools/call handler),
 * the handler's timing claims it, and a cancellation naming that id on the same session counts the call
 * as {@code cancelled} at that moment; its later end is ignored (a call is counted once).
 *
 * <p>JDK types only (bootstrap class path); the SDK's message records are read through their public
 * accessors {@code method()}, {@code id()} and {@code params()}, looked up once per message class, so a
 * message type without them is simply not followed. Thread-safe (concurrent maps). Bounded: at most
 * {@value #MAX_PENDING} requests wait to be claimed (requests that never reach the handler, such as
 * those refused before dispatch, would otherwise stay); past that the waiting ones are dropped, which
 * only loses the correlation of those calls. Never throws into the host.
 */
final class CancelRequests {

    static final String TOOLS_CALL = "tools/call";
    static final String CANCELLED = "notifications/cancelled";
    static final int MAX_PENDING = 1024;

    // identity of a tools/call request's params -> (session, request id), until the handler claims it
    private static final Map<Identity, RequestKey> PENDING = new ConcurrentHashMap<>();
    // (session, request id) -> the running call, until it ends or is cancelled
    private static final Map<RequestKey, ToolCall> RUNNING = new ConcurrentHashMap<>();
    private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
            return Accessors.of(type);
        }
    };

    private CancelRequests() {
    }

    /** A message a server session received, before the session handles it. */
    static void received(Object session, Object message) throws ReflectiveOperationException {
        if (session == null || message == null) {
            return;
        }
        Accessors a = ACCESSORS.get(message.getClass());
        if (a.method == null) {
            return; // a response, or a message type this agent does not know
        }
        Object method = a.method.invoke(message);
        if (TOOLS_CALL.equals(method) && a.id != null && a.params != null) {
            Object params = a.params.invoke(message);
            Object id = a.id.invoke(message);
            if (params != null && id != null) {
                if (PENDING.size() >= MAX_PENDING) {
                    PENDING.clear();
                }
                PENDING.put(new Identity(params), new RequestKey(session, id));
            }
        } else if (CANCELLED.equals(method) && a.params != null
                && a.params.invoke(message) instanceof Map<?, ?> params) {
            Object id = params.get("requestId");
            ToolCall call = id == null ? null : RUNNING.remove(new RequestKey(session, id));
            if (call != null) {
                Object reason = params.get("reason");
                call.cancelByClient(reason == null ? null : String.valueOf(reason));
            }
        }
    }

    /** At the tools/call handler: the request the call answers, if its session told it, now cancellable. */
    static void claim(Object params, ToolCall call) {
        if (params == null || PENDING.isEmpty()) {
            return;
        }
        RequestKey key = PENDING.remove(new Identity(params));
        if (key != null) {
            call.requestKey(key);
            RUNNING.put(key, call);
        }
    }

    /** The call ended (or was counted otherwise): it can no longer be cancelled. */
    static void ended(ToolCall call) {
        Object key = call.requestKey();
        if (key != null) {
            RUNNING.remove(key, call);
        }
    }

    /** Calls that a cancellation could still reach (for tests). */
    static int running() {
        return RUNNING.size();
    }

    /** Requests seen and not yet claimed by a handler (for tests). */
    static int pending() {
        return PENDING.size();
    }

    /** A JSON-RPC request of one session. Ids are compared as JSON values: 7 and 7L alike, "7" not. */
    static final class RequestKey {
        private final Object session;
        private final Object id;

        RequestKey(Object session, Object id) {
            this.session = session;
            this.id = id instanceof Number n && !(id instanceof Double) && !(id instanceof Float)
                    ? (Object) n.longValue() : id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RequestKey k && k.session == session && k.id.equals(id);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(session) * 31 + id.hashCode();
        }
    }

    /** An object compared by identity: two requests with equal params are still two requests. */
    private static final class Identity {
        private final Object value;

        Identity(Object value) {
            this.value = value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && i.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }

    /** The public no-argument accessors of a message class, or null where it has none. */
    private record Accessors(Method method, Method id, Method params) {
        static Accessors of(Class<?> type) {
            if (!Modifier.isPublic(type.getModifiers())) {
                return new Accessors(null, null, null);
            }
            return new Accessors(accessor(type, "method", String.class), accessor(type, "id", Object.class),
                    accessor(type, "params", Object.class));
        }

        private static Method accessor(Class<?> type, String name, Class<?> returns) {
            try {
                Method m = type.getMethod(name);
                return returns.isAssignableFrom(m.getReturnType()) ? m : null;
            } catch (NoSuchMethodException | SecurityException e) {
                return null;
            }
        }
    }
}
