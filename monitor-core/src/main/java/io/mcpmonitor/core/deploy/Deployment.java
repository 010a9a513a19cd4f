package io.mcpmonitor.core.deploy;

import java.time.Instant;
import java.util.Objects;

/**
 * One deployment of a server: a new {@code version} in an {@code environment} at {@code at}.
 *
 * @param id              unique, made by the log ({@code dep-} and 16 hex digits)
 * @param server          the MCP server, any string (data, never a path)
 * @param version         the version deployed
 * @param previousVersion the version deployed before in the same environment, or empty if none was recorded
 * @param environment     e.g. {@code production} (the default) or {@code staging}
 * @param at              when it was deployed
 * @param deployedBy      who or what deployed it, or empty
 * @param notes           free text, or empty
 * @param source          who recorded it: {@code tool}, {@code cli} or {@code agent}
 */
public record Deployment(String id, String server, String version, String previousVersion, String environment, Instant at,
                         String deployedBy, String notes, String source) {

    /** Environment of a deployment that does not name one. */
    public static final String DEFAULT_ENVIRONMENT = "production";
    /** Longest version, environment or deployedBy accepted. */
    public static final int MAX_FIELD_LENGTH = 512;
    /** Longest notes accepted. */
    public static final int MAX_NOTES_LENGTH = 4000;

    public Deployment {
        Objects.requireNonNull(id, "id");
        requireText("mcpServer", server, MAX_FIELD_LENGTH);
        requireText("version", version, MAX_FIELD_LENGTH);
        Objects.requireNonNull(previousVersion, "previousVersion");
        requireText("environment", environment, MAX_FIELD_LENGTH);
        Objects.requireNonNull(at, "at");
        limit("deployedBy", Objects.requireNonNull(deployedBy, "deployedBy"), MAX_FIELD_LENGTH);
        limit("notes", Objects.requireNonNull(notes, "notes"), MAX_NOTES_LENGTH);
        Objects.requireNonNull(source, "source");
    }

    private static void requireText(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        limit(field, value, max);
    }

    private static void limit(String field, String value, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException(field + ": must be at most " + max + " characters, was " + value.length());
        }
    }

    public boolean isStaging() {
        return environment.equalsIgnoreCase("staging");
    }
}
