package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.Notification;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arguments of a tool call as a JSON object whose strings may hold placeholders filled from a notification.
 * Immutable and thread-safe.
 *
 * <p>Placeholders: {@code {{kind}}}, {@code {{severity}}}, {@code {{server}}}, {@code {{title}}}, {@code {{text}}},
 * {@code {{at}}} (ISO-8601), {@code {{fields}}} and {@code {{fields.<name>}}} (the alert as data: {@code alertId},
 * {@code metric}, {@code currentValue}, …), {@code {{alerts}}} (a digest's folded notifications) and
 * {@code {{notification}}} (the whole notification in the generic webhook's shape). Dotted paths walk into
 * objects and lists ({@code {{alerts.0.title}}}).
 *
 * <p>A string that is exactly one placeholder takes the value's JSON type ({@code "{{fields.currentValue}}"} →
 * {@code 812.5}); if the value is absent the key is left out (an element of a list is dropped), so optional tool
 * parameters stay unset. A placeholder inside a longer string is replaced by the value's text (objects and lists
 * as JSON, absent values as the empty string). Other JSON values are copied as they are.
 *
 * <pre>{@code
 * ArgumentTemplate t = ArgumentTemplate.of(Map.of("title", "{{title}}", "priority", "{{severity}}",
 *         "alertId", "{{fields.alertId}}", "body", "{{text}}\n(from mcp-monitor)"));
 * Map<String, Object> args = t.render(notification);
 * }</pre>
 */
public final class ArgumentTemplate {

    /** Fields also reachable without {@code fields.}: what a rollback or an issue tracker is called with. */
    static final Set<String> FIELD_SHORTCUTS = Set.of("mcpServer", "toolName", "version", "previousVersion", "verdict",
            "deploymentId", "environment");
    static final Set<String> ROOTS = java.util.stream.Stream.concat(Stream.of("kind", "severity", "server", "title", "text",
            "at", "fields", "alerts", "notification"), FIELD_SHORTCUTS.stream()).collect(java.util.stream.Collectors.toSet());
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.\\-]+)\\s*}}");
    private static final Object ABSENT = new Object();

    private final Map<?, ?> template;

    private ArgumentTemplate(Map<?, ?> template) {
        this.template = template;
    }

    /**
     * @param template a JSON object of plain values (strings, numbers, booleans, null, lists, maps)
     * @throws IllegalArgumentException naming the JSON path of a placeholder whose root is unknown
     */
    public static ArgumentTemplate of(Map<String, Object> template) {
        check(template, "arguments");
        return new ArgumentTemplate((Map<?, ?>) copy(template));
    }

    private static void check(Object node, String path) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> check(v, path + "." + k));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                check(l.get(i), path + "[" + i + "]");
            }
        } else if (node instanceof String s) {
            Matcher m = PLACEHOLDER.matcher(s);
            while (m.find()) {
                String root = m.group(1).split("\\.", 2)[0];
                if (!ROOTS.contains(root)) {
                    throw new IllegalArgumentException(path + ": unknown placeholder {{" + m.group(1) + "}}; known: "
                            + String.join(", ", ROOTS.stream().sorted().toList()));
                }
            }
        }
    }

    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), copy(x)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(copy(x)));
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    /** The template with its placeholders filled from {@code n}; a new, mutable map. */
    public Map<String, Object> render(Notification n) {
        return renderMap(template, NotificationJson.body(n));
    }

    private static Map<String, Object> renderMap(Map<?, ?> m, Map<String, Object> ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            Object r = renderValue(v, ctx);
            if (r != ABSENT) {
                out.put(String.valueOf(k), r);
            }
        });
        return out;
    }

    private static Object renderValue(Object v, Map<String, Object> ctx) {
        if (v instanceof Map<?, ?> m) {
            return renderMap(m, ctx);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object e : l) {
                Object r = renderValue(e, ctx);
                if (r != ABSENT) {
                    out.add(r);
                }
            }
            return out;
        }
        if (v instanceof String s) {
            return renderString(s, ctx);
        }
        return v;
    }

    private static Object renderString(String s, Map<String, Object> ctx) {
        Matcher whole = PLACEHOLDER.matcher(s);
        if (whole.matches()) {
            return lookup(ctx, whole.group(1)).orElse(ABSENT);
        }
        Matcher m = PLACEHOLDER.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String text = lookup(ctx, m.group(1)).map(MessageText::value).orElse("");
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Optional<Object> lookup(Map<String, Object> ctx, String path) {
        if (path.equals("notification")) {
            return Optional.of(ctx);
        }
        Object cur = ctx;
        if (FIELD_SHORTCUTS.contains(path.split("\\.", 2)[0])) {
            cur = ctx.get("fields");
        }
        for (String part : path.split("\\.")) {
            if (cur instanceof Map<?, ?> m && m.containsKey(part)) {
                cur = m.get(part);
            } else if (cur instanceof List<?> l && part.matches("\\d{1,9}") && Integer.parseInt(part) < l.size()) {
                cur = l.get(Integer.parseInt(part));
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(cur);
    }
}
