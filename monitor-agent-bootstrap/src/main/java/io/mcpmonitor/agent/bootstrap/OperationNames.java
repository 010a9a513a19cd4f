package io.mcpmonitor.agent.bootstrap;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;

/**
 * The name of an operation's series, read from the SDK's objects by reflection (the SDK lives in the host's
 * class loaders, in any version): a resource read is named by the URI template (or static URI) of the resource
 * that serves it, not by the URI asked for, so one template with a million URIs is one series; a prompt by its
 * name; an {@code initialize} by a protocol version. A URI no resource serves is {@value #UNKNOWN_RESOURCE},
 * a prompt the server does not have {@value #UNKNOWN_PROMPT}. Names are cut at {@value #MAX_NAME_CHARS}
 * characters; the store caps distinct names per server and method besides.
 *
 * <p>Thread-safe; never throws: what cannot be read is named by what the request said (cut), which the cap
 * keeps bounded.
 */
final class OperationNames {

    static final String UNKNOWN_RESOURCE = "(unknown resource)";
    static final String UNKNOWN_PROMPT = "(unknown prompt)";
    static final String UNKNOWN_VERSION = "(unknown)";
    static final int MAX_NAME_CHARS = 200;

    // McpAsyncServer and McpStatelessAsyncServer, 0.17 to 2.x: private Optional<spec> find...Specification(String uri)
    private static final ClassValue<Method[]> FINDERS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            return new Method[] {declared(type, "findResourceSpecification"), declared(type, "findResourceTemplateSpecification")};
        }
    };
    // ... and private Map<String, promptSpec> prompts
    private static final ClassValue<Field> PROMPTS = new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
            try {
                Field f = type.getDeclaredField("prompts");
                f.setAccessible(true);
                return Map.class.isAssignableFrom(f.getType()) ? f : null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    private OperationNames() {
    }

    /** The URI template (or URI) of the resource of {@code server} that serves {@code uri}. */
    static String resource(Object server, Object uri) {
        if (!(uri instanceof String u)) {
            return UNKNOWN_RESOURCE;
        }
        Method[] finders = server == null ? null : FINDERS.get(server.getClass());
        if (finders == null || finders[0] == null || finders[1] == null) {
            return cut(u);
        }
        try {
            Object found = finders[0].invoke(server, u);
            if (found instanceof Optional<?> o && o.isPresent()) {
                String static_ = string(component(component(o.get(), "resource"), "uri"));
                return static_ != null ? cut(static_) : cut(u);
            }
            found = finders[1].invoke(server, u);
            if (found instanceof Optional<?> o && o.isPresent()) {
                String template = string(component(component(o.get(), "resourceTemplate"), "uriTemplate"));
                return template != null ? cut(template) : cut(u);
            }
            return UNKNOWN_RESOURCE;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return cut(u);
        }
    }

    /** The prompt's name, or {@value #UNKNOWN_PROMPT} when {@code server} has no prompt of that name. */
    static String prompt(Object server, Object name) {
        if (!(name instanceof String n)) {
            return UNKNOWN_PROMPT;
        }
        Field prompts = server == null ? null : PROMPTS.get(server.getClass());
        if (prompts != null) {
            try {
                if (prompts.get(server) instanceof Map<?, ?> known && !known.containsKey(n)) {
                    return UNKNOWN_PROMPT;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // cannot tell: named as asked
            }
        }
        return cut(n);
    }

    /** A protocol version as the series' name; {@value #UNKNOWN_VERSION} when there is none. */
    static String protocolVersion(Object version) {
        return version instanceof String v && !v.isBlank() ? cut(v) : UNKNOWN_VERSION;
    }

    /** {@code target.accessor()} (a record component or a getter without arguments), or null. */
    static Object component(Object target, String accessor) {
        if (target == null) {
            return null;
        }
        try {
            return target.getClass().getMethod(accessor).invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static String string(Object o) {
        return o instanceof String s ? s : null;
    }

    private static String cut(String s) {
        return s.length() <= MAX_NAME_CHARS ? s : s.substring(0, MAX_NAME_CHARS);
    }

    private static Method declared(Class<?> type, String name) {
        try {
            Method m = type.getDeclaredMethod(name, String.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
