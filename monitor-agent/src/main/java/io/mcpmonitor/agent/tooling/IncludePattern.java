package io.mcpmonitor.agent.tooling;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code include=} entry: either a method pattern {@code com.acme.Tools#*} (class and method names with
 * {@code *} and {@code ?} wildcards) or the name of an annotation ({@code io.quarkiverse.mcp.server.Tool},
 * optionally written {@code @io.quarkiverse.mcp.server.Tool}) whose annotated methods are tools.
 *
 * <p>Immutable and thread-safe; matching is on names only, so it needs no loaded class. A method wildcard
 * {@code *} matches the public methods a class declares, except {@code equals}, {@code hashCode} and
 * {@code toString}; a method named explicitly matches at any visibility.
 */
public final class IncludePattern {

    private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");

    private final String text;
    private final Pattern classPattern;
    private final Pattern methodPattern;
    private final boolean anyPublicMethod;
    private final String annotation;

    private IncludePattern(String text, Pattern classPattern, Pattern methodPattern, boolean anyPublicMethod,
                           String annotation) {
        this.text = text;
        this.classPattern = classPattern;
        this.methodPattern = methodPattern;
        this.anyPublicMethod = anyPublicMethod;
        this.annotation = annotation;
    }

    /** Parses a list separated by {@code ,} or {@code ;}. */
    static List<IncludePattern> parseList(String text) {
        List<IncludePattern> patterns = new ArrayList<>();
        for (String piece : text.split("[,;]")) {
            if (!piece.isBlank()) {
                patterns.add(parse(piece.trim()));
            }
        }
        return patterns;
    }

    static IncludePattern parse(String text) {
        int hash = text.indexOf('#');
        if (hash < 0) {
            String name = text.startsWith("@") ? text.substring(1) : text;
            if (!name.matches("[\\w$]+(\\.[\\w$]+)+")) {
                throw new IllegalArgumentException("include pattern '" + text
                        + "' must be Class#method (wildcards * and ?) or a fully qualified annotation name");
            }
            return new IncludePattern("@" + name, null, null, false, name);
        }
        String cls = text.substring(0, hash).trim();
        String method = text.substring(hash + 1).trim();
        if (cls.isEmpty() || method.isEmpty() || method.contains("#")) {
            throw new IllegalArgumentException("include pattern '" + text
                    + "' must be Class#method, for example com.acme.Tools#* or com.acme.Tools#search");
        }
        return new IncludePattern(cls + "#" + method, glob(cls), glob(method), method.equals("*"), null);
    }

    /** The annotation's fully qualified name, or null for a method pattern. */
    String annotation() {
        return annotation;
    }

    boolean isAnnotation() {
        return annotation != null;
    }

    /** Whether a class (dotted name) may hold methods of this method pattern. */
    boolean matchesClass(String className) {
        return classPattern != null && classPattern.matcher(className).matches();
    }

    /** Whether a method of a matching class is included. */
    boolean matchesMethod(String methodName, boolean isPublic) {
        if (methodPattern == null) {
            return false;
        }
        if (anyPublicMethod) {
            return isPublic && !OBJECT_METHODS.contains(methodName);
        }
        return methodPattern.matcher(methodName).matches();
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IncludePattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
