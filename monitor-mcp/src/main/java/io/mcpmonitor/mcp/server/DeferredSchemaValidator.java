package io.mcpmonitor.mcp.server;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;

/**
 * The JSON Schema validator the sidecar gives the SDK: the SDK's default validator, created only when
 * something is validated against a schema. Building the default loads the JSON Schema library and
 * compiles its meta-schema (a few hundred classes and a sizeable share of the sidecar's start-up, before
 * the first {@code initialize} can be answered), and a session of this server may never need it: tool
 * inputs are validated by the tools themselves and no tool declares an output schema.
 *
 * <p>{@link #validateSchema} — which the SDK runs on every tool's input and output schema while it
 * builds the server — answers "valid" without the library: the sidecar's schemas are its own constants,
 * and {@code ToolSchemasTest} checks each of them against the SDK's default validator in the build.
 * Thread-safe.
 */
final class DeferredSchemaValidator implements JsonSchemaValidator {

    private volatile JsonSchemaValidator delegate;

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        return delegate().validate(schema, structuredContent);
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        return ValidationResponse.asValid(null);
    }

    private JsonSchemaValidator delegate() {
        JsonSchemaValidator d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    d = McpJsonDefaults.getSchemaValidator();
                    delegate = d;
                }
            }
        }
        return d;
    }
}
