package io.mcpmonitor.agent.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * Reads what the agent needs from the SDK's objects without linking against the SDK (which lives in the
 * host's class loaders, in any version): {@code CallToolResult.isError()}, the first text content, the
 * name a server announces, and whether an error is the SDK's "unknown tool" error.
 *
 * <p>Thread-safe. {@link #isError(Object)} is on the hot path: one {@link ClassValue} lookup and one
 * method-handle call, no allocation. The other methods run on error paths or once per server, and use
 * plain reflection. None throws: what cannot be read is reported as absent.
 */
final class ToolResults {

    private static final int MAX_MESSAGE_CHARS = 300;
    private static final MethodHandle ALWAYS_FALSE = MethodHandles.dropArguments(
            MethodHandles.constant(Object.class, Boolean.FALSE), 0, Object.class);

    private static final ClassValue<MethodHandle> IS_ERROR = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                Method m = type.getMethod("isError");
                Class<?> r = m.getReturnType();
                if ((r != boolean.class && r != Boolean.class) || Modifier.isStatic(m.getModifiers())) {
                    return ALWAYS_FALSE;
                }
                return MethodHandles.publicLookup().unreflect(m)
                        .asType(MethodType.methodType(Object.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return ALWAYS_FALSE;
            }
        }
    };

    private ToolResults() {
    }

    /** True when {@code result} has an {@code isError()} answering true (a tool error reported as data). */
    static boolean isError(Object result) {
        if (result == null) {
            return false;
        }
        try {
            return Boolean.TRUE.equals((Object) IS_ERROR.get(result.getClass()).invokeExact(result));
        } catch (Throwable t) {
            return false;
        }
    }

    /** The text of the first text content of a tool result, shortened; null if there is none. */
    static String firstText(Object result) {
        if (result == null) {
            return null;
        }
        try {
            Object content = result.getClass().getMethod("content").invoke(result);
            if (content instanceof List<?> list && !list.isEmpty() && list.get(0) != null) {
                Object first = list.get(0);
                Object text = first.getClass().getMethod("text").invoke(first);
                if (text instanceof String s) {
                    return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Not a CallToolResult-like object, or content without text: no message.
        }
        return null;
    }

    /** The SDK answers an unknown tool with {@code McpError} -32602 "Unknown tool: ..." (0.17 to 2.x). */
    static boolean isUnknownToolError(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName().equals("McpError") && message != null
                && (message.startsWith("Unknown tool") || message.startsWith("Tool not found"));
    }

    /** {@code server.getServerInfo().name()}, or null if the server does not say. */
    static String announcedServerName(Object server) {
        return serverInfo(server, "name");
    }

    /** {@code server.getServerInfo().version()}, or null if the server does not say. */
    static String announcedServerVersion(Object server) {
        return serverInfo(server, "version");
    }

    private static String serverInfo(Object server, String component) {
        if (server == null) {
            return null;
        }
        try {
            Object info = server.getClass().getMethod("getServerInfo").invoke(server);
            if (info == null) {
                return null;
            }
            Object value = info.getClass().getMethod(component).invoke(info);
            return value instanceof String s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
