package io.mcpmonitor.mcp.notify;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The secret strings of one channel, and the scrubbing that keeps them out of messages. Immutable and thread-safe.
 */
final class Secrets {

    static final String MASK = "***";
    static final Secrets NONE = new Secrets(List.of());

    /**
     * Path segments at least this long that hold a digit, or are very long, are treated as tokens (Slack's
     * T…/B…/xxxx); words such as "services" or "messages" are not.
     */
    private static final int TOKEN_SEGMENT_MIN_CHARS = 6;
    private static final int LONG_SEGMENT_CHARS = 16;
    private static final int MAX_CAUSES = 4;

    // Longest first, so a secret containing another is masked whole.
    private final List<String> values;

    private Secrets(Collection<String> values) {
        List<String> v = new ArrayList<>(new LinkedHashSet<>(values));
        v.removeIf(String::isEmpty);
        v.sort(Comparator.comparingInt(String::length).reversed());
        this.values = List.copyOf(v);
    }

    static Secrets of(Collection<String> values) {
        return new Secrets(values);
    }

    Secrets with(Collection<String> more) {
        List<String> all = new ArrayList<>(values);
        all.addAll(more);
        return new Secrets(all);
    }

    Secrets with(Secrets more) {
        return with(more.values);
    }

    /** This set plus everything in {@code url} that may be a credential: userinfo, path, query, long path segments. */
    Secrets withUrl(URI url) {
        return with(urlParts(url));
    }

    static List<String> urlParts(URI url) {
        List<String> parts = new ArrayList<>();
        parts.add(url.toString());
        addRawAndDecoded(parts, url.getRawUserInfo());
        addRawAndDecoded(parts, url.getRawQuery());
        addRawAndDecoded(parts, url.getRawFragment());
        String path = url.getRawPath();
        if (path != null && path.length() > 1) {
            addRawAndDecoded(parts, path);
            for (String segment : path.split("/")) {
                if (segment.length() >= LONG_SEGMENT_CHARS
                        || segment.length() >= TOKEN_SEGMENT_MIN_CHARS && segment.chars().anyMatch(Character::isDigit)) {
                    addRawAndDecoded(parts, segment);
                }
            }
        }
        return parts;
    }

    private static void addRawAndDecoded(List<String> parts, String raw) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        parts.add(raw);
        try {
            parts.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // not decodable: the raw form is masked already
        }
    }

    /** {@code s} with every secret replaced by {@value #MASK}. */
    String scrub(String s) {
        String out = s;
        for (String v : values) {
            if (out.contains(v)) {
                out = out.replace(v, MASK);
            }
        }
        return out;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * A {@link NotificationFailure} for {@code what} caused by {@code cause}: the message is {@code what} plus the
     * causes' class names and messages, scrubbed; the stack trace is the cause's.
     */
    NotificationFailure failure(String what, Throwable cause) {
        StringBuilder msg = new StringBuilder(what);
        Set<String> seen = new LinkedHashSet<>();
        Throwable t = cause;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            String line = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            if (seen.add(line)) {
                msg.append(i == 0 ? ": " : "; caused by ").append(line);
            }
        }
        NotificationFailure f = new NotificationFailure(scrub(msg.toString()));
        if (cause != null) {
            f.setStackTrace(cause.getStackTrace());
        }
        return f;
    }

    /** {@code url} as {@code scheme://host[:port]/…}: enough to tell channels apart, nothing that authenticates. */
    static String redactUrl(URI url) {
        String host = url.getHost() == null ? "?" : url.getHost();
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        return url.getScheme() + "://" + host + port + "/…";
    }
}
