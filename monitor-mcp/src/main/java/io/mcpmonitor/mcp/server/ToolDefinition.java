package io.mcpmonitor.mcp.server;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool of the sidecar: its name (snake_case, passing the SDK's name check), title, description,
 * JSON Schema of its input, and its handler.
 */
public record ToolDefinition(String name, String title, String description, String inputSchemaJson, ToolHandler handler) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,127}");

    public ToolDefinition {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name '" + name + "' must be snake_case, at most 128 characters");
        }
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchemaJson, "inputSchemaJson");
        Objects.requireNonNull(handler, "handler");
    }
}
