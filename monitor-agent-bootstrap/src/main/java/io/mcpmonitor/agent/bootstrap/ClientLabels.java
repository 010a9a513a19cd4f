package io.mcpmonitor.agent.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which client made a call: the label {@code name/version} of the {@code clientInfo} the client sent at
 * {@code initialize}, read from the first argument of the SDK's tools/call handler (the session's exchange,
 * {@code getClientInfo()}). Stateless servers pass a transport context, which has no client: no label.
 *
 * <p>Thread-safe. <b>Hot path:</b> one {@link ClassValue} lookup, one method-handle call and one lookup in
 * a map keyed by the client info object (a record: equal by value, so every session of one client shares an
 * entry); no allocation once the client was seen. At most {@value #MAX_CLIENTS} distinct labels per process
 * are kept; later clients are labelled {@value #OTHER}. A name or version longer than
 * {@value #MAX_PART_CHARS} characters is cut. Never throws: what cannot be read is "no client" (null).
 */
final class ClientLabels {

    static final int MAX_CLIENTS = 64;
    static final String OTHER = "other";
    static final int MAX_PART_CHARS = 100;

    private static final MethodHandle NONE = MethodHandles.dropArguments(
            MethodHandles.constant(Object.class, null), 0, Object.class);

    private static final ClassValue<MethodHandle> CLIENT_INFO = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                Method m = type.getMethod("getClientInfo");
                if (m.getParameterCount() != 0) {
                    return NONE;
                }
                return MethodHandles.publicLookup().unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return NONE; // a stateless server's transport context, or an SDK without it
            }
        }
    };

    // client info object (equal by value) -> label; bounded by MAX_CLIENTS
    private static final ConcurrentHashMap<Object, String> LABELS = new ConcurrentHashMap<>();

    private ClientLabels() {
    }

    /** The label of the client behind {@code exchange}, or null when it does not say. */
    static String of(Object exchange) {
        if (exchange == null) {
            return null;
        }
        try {
            Object info = (Object) CLIENT_INFO.get(exchange.getClass()).invokeExact(exchange);
            return ofInfo(info);
        } catch (Throwable t) {
            return null;
        }
    }

    /** The label of a {@code clientInfo} object itself (an {@code Implementation}), or null when it does not say. */
    static String ofInfo(Object info) {
        if (info == null) {
            return null;
        }
        try {
            String label = LABELS.get(info);
            return label != null ? label : labelOf(info);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String labelOf(Object info) {
        String name = part(info, "name");
        if (name == null || name.isBlank()) {
            return null;
        }
        String version = part(info, "version");
        String label = version == null || version.isBlank() ? name : name + "/" + version;
        if (LABELS.size() >= MAX_CLIENTS) {
            return OTHER;
        }
        String before = LABELS.putIfAbsent(info, label);
        return before != null ? before : label;
    }

    private static String part(Object info, String accessor) {
        try {
            Object v = info.getClass().getMethod(accessor).invoke(info);
            if (!(v instanceof String s)) {
                return null;
            }
            return s.length() <= MAX_PART_CHARS ? s : s.substring(0, MAX_PART_CHARS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
