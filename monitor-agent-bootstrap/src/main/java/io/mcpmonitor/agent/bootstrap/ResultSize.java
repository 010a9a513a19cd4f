package io.mcpmonitor.agent.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * Measures what a tool result puts into the calling assistant's context, without serialising it: the UTF-8
 * length of the text of its text contents ({@code CallToolResult.content()}, elements with a
 * {@code text()}), counted from the strings the result already holds. Structured content is only picked up
 * here ({@link #structured}); it is serialised later, off the host's thread, by the agent's tooling.
 *
 * <p>Thread-safe, never throws (what cannot be read counts as 0 bytes / no structured content). <b>Cost</b>
 * on the host's thread: a {@link ClassValue} lookup and a method-handle call per content element, and one
 * pass over each text's chars (about 1 ns per char); no allocation.
 */
final class ResultSize {

    private static final MethodHandle NONE = MethodHandles.dropArguments(
            MethodHandles.constant(Object.class, null), 0, Object.class);

    private static final ClassValue<MethodHandle> CONTENT = accessor("content");
    private static final ClassValue<MethodHandle> TEXT = accessor("text");
    private static final ClassValue<MethodHandle> STRUCTURED = accessor("structuredContent");

    private ResultSize() {
    }

    private static ClassValue<MethodHandle> accessor(String name) {
        return new ClassValue<>() {
            @Override
            protected MethodHandle computeValue(Class<?> type) {
                try {
                    Method m = type.getMethod(name);
                    if (Modifier.isStatic(m.getModifiers()) || m.getReturnType().isPrimitive()) {
                        return NONE;
                    }
                    return MethodHandles.publicLookup().unreflect(m).asType(MethodType.methodType(Object.class, Object.class));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return NONE;
                }
            }
        };
    }

    /** Bytes (UTF-8) of the text contents of {@code result}; 0 when it has none or is not a tool result. */
    static long textBytes(Object result) {
        if (result == null) {
            return 0;
        }
        try {
            Object content = (Object) CONTENT.get(result.getClass()).invokeExact(result);
            if (!(content instanceof List<?> list)) {
                return 0;
            }
            long bytes = 0;
            for (int i = 0, n = list.size(); i < n; i++) {
                Object element = list.get(i);
                if (element != null) {
                    Object text = (Object) TEXT.get(element.getClass()).invokeExact(element);
                    if (text instanceof String s) {
                        bytes += Utf8.length(s);
                    }
                }
            }
            return bytes;
        } catch (Throwable t) {
            return 0;
        }
    }

    /** The structured content of {@code result}, or null. */
    static Object structured(Object result) {
        if (result == null) {
            return null;
        }
        try {
            return (Object) STRUCTURED.get(result.getClass()).invokeExact(result);
        } catch (Throwable t) {
            return null;
        }
    }

    /** Whether {@code result} looks like a tool result (it has a {@code content()}), so its size means something. */
    static boolean isResult(Object result) {
        return result != null && CONTENT.get(result.getClass()) != NONE;
    }
}
