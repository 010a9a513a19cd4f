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
 * <p>Thread-safe. <b>Hot path:</b> one {@link ClassValue} lookup, one method-handle call and one slot of a small
 * table keyed by the identity of the client info object, which a session keeps for its life: no allocation once
 * its session was seen. The client info (a record in the SDK) is never
 * hashed or compared by value: its first {@code hashCode} or {@code equals} links the record's generated methods,
 * dozens of method-handle classes spun on the host's thread while it answers its first {@code initialize}. A
 * session not in the table (new, or evicted by another that shares its slot) has its label read through
 * reflection again, and shares it with every session of the same name and version. At most
 * {@value #MAX_CLIENTS} distinct labels per process are kept; later clients are labelled {@value #OTHER}. A name
 * or version longer than {@value #MAX_PART_CHARS} characters is cut. Never throws: what cannot be read is "no
 * client" (null).
 */
final class ClientLabels {

    static final int MAX_CLIENTS = 64;
    static final String OTHER = "other";
    static final int MAX_PART_CHARS = 100;
    private static final int SLOTS = 64; // a power of two

    // The exchange's getClientInfo() as (Object)Object; null where the exchange has none.
    private static final ClassValue<MethodHandle> CLIENT_INFO = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                Method m = type.getMethod("getClientInfo");
                if (m.getParameterCount() != 0) {
                    return null;
                }
                return MethodHandles.publicLookup().unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // a stateless server's transport context, or an SDK without it
            }
        }
    };

    // client info objects seen lately, by identity hash; a racing write loses an entry, which is only re-read
    private static final Seen[] SEEN = new Seen[SLOTS];
    // label -> itself: the distinct labels, bounded by MAX_CLIENTS
    private static final ConcurrentHashMap<String, String> LABELS = new ConcurrentHashMap<>();

    private ClientLabels() {
    }

    /** The label of the client behind {@code exchange}, or null when it does not say. */
    static String of(Object exchange) {
        if (exchange == null) {
            return null;
        }
        try {
            MethodHandle clientInfo = CLIENT_INFO.get(exchange.getClass());
            return clientInfo == null ? null : ofInfo((Object) clientInfo.invokeExact(exchange));
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
            int slot = System.identityHashCode(info) & (SLOTS - 1);
            Seen seen = SEEN[slot];
            if (seen != null && seen.info() == info) {
                return seen.label();
            }
            String label = labelOf(info);
            SEEN[slot] = new Seen(info, label);
            return label;
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
        String known = LABELS.get(label);
        if (known != null) {
            return known;
        }
        if (LABELS.size() >= MAX_CLIENTS) {
            return OTHER;
        }
        String before = LABELS.putIfAbsent(label, label);
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

    /**
     * A client info object and its label (null: it says none); immutable (final fields), so safely shared through
     * a race. Never hashed or compared itself.
     */
    private record Seen(Object info, String label) {
    }
}
