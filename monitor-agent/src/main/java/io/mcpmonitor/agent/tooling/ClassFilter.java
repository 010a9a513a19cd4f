package io.mcpmonitor.agent.tooling;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cheap first test every loaded class goes through, before Byte Buddy is involved: is it one of the SDK
 * classes the agent instruments, or a class {@code include=} may select? Names only, plus, for annotation
 * patterns, a search of the class file for the annotation's descriptor. JDK types only, so the agent's heavy
 * tooling is not touched for the thousands of classes a server loads.
 *
 * <p>Immutable and thread-safe. False positives are fine (Byte Buddy's matchers decide), false negatives
 * are not.
 */
final class ClassFilter {

    static final String MCP_ASYNC_SERVER = "io.modelcontextprotocol.server.McpAsyncServer";
    static final String MCP_STATELESS_ASYNC_SERVER = "io.modelcontextprotocol.server.McpStatelessAsyncServer";
    static final String TOOL_INPUT_VALIDATOR = "io.modelcontextprotocol.util.ToolInputValidator";

    private static final Set<String> SDK_TYPES = Set.of(internal(MCP_ASYNC_SERVER),
            internal(MCP_STATELESS_ASYNC_SERVER), internal(TOOL_INPUT_VALIDATOR),
            internal(SessionTargets.SERVER_SESSION), internal(SessionTargets.STREAMABLE_SESSION),
            internal(SessionTargets.STREAMABLE_STREAM));
    private static final String[] NEVER = {"io/mcpmonitor/agent/", "java/", "javax/", "jdk/", "sun/", "com/sun/"};

    private final List<IncludePattern> methodPatterns = new ArrayList<>();
    private final List<String> annotationNames = new ArrayList<>();
    private final List<byte[]> annotationDescriptors = new ArrayList<>();

    ClassFilter(List<IncludePattern> include) {
        for (IncludePattern p : include) {
            if (p.isAnnotation()) {
                annotationNames.add(p.annotation());
                annotationDescriptors.add(("L" + internal(p.annotation()) + ";").getBytes(StandardCharsets.UTF_8));
            } else {
                methodPatterns.add(p);
            }
        }
    }

    /** For a class being loaded or retransformed: its internal name ({@code a/b/C}) and class file. */
    boolean matches(String internalName, byte[] classFile) {
        if (SDK_TYPES.contains(internalName)) {
            return true;
        }
        if (methodPatterns.isEmpty() && annotationDescriptors.isEmpty()) {
            return false;
        }
        if (excluded(internalName)) {
            return false;
        }
        if (!methodPatterns.isEmpty()) {
            String dotted = internalName.replace('/', '.');
            for (IncludePattern p : methodPatterns) {
                if (p.matchesClass(dotted)) {
                    return true;
                }
            }
        }
        if (classFile != null) {
            for (byte[] descriptor : annotationDescriptors) {
                if (contains(classFile, descriptor)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** For a class already loaded (dynamic attach): whether to retransform it. */
    boolean matches(Class<?> type) {
        if (type.isArray() || type.isPrimitive() || type.isSynthetic() || type.isHidden()) {
            return false;
        }
        String internalName = internal(type.getName());
        if (matches(internalName, null)) {
            return true;
        }
        if (annotationNames.isEmpty() || excluded(internalName)) {
            return false;
        }
        try {
            for (Method m : type.getDeclaredMethods()) {
                for (Annotation a : m.getDeclaredAnnotations()) {
                    if (annotationNames.contains(a.annotationType().getName())) {
                        return true;
                    }
                }
            }
        } catch (Throwable e) {
            // A class whose methods cannot be reflected (a dependency is missing): not a candidate.
        }
        return false;
    }

    private static boolean excluded(String internalName) {
        for (String prefix : NEVER) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static String internal(String className) {
        return className.replace('.', '/');
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
