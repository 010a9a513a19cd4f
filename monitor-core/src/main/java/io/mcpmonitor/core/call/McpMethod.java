package io.mcpmonitor.core.call;

import java.util.List;

/**
 * The MCP request methods the monitor times, by their JSON-RPC method name (OpenTelemetry's
 * {@code mcp.method.name}). A series belongs to one method; {@link #TOOLS_CALL} is the default everywhere a
 * method is not given (old store lines, queries without a method), so answers about tool calls never change
 * when other operations are recorded too. The name of a series of another method is what that method is about:
 * the resource's URI template for {@link #RESOURCES_READ}, the prompt's name for {@link #PROMPTS_GET}, the
 * negotiated protocol version for {@link #INITIALIZE}.
 */
public final class McpMethod {

    public static final String TOOLS_CALL = "tools/call";
    public static final String RESOURCES_READ = "resources/read";
    public static final String PROMPTS_GET = "prompts/get";
    public static final String INITIALIZE = "initialize";

    /** Every method a series may have, in the order answers list them. */
    public static final List<String> ALL = List.of(TOOLS_CALL, RESOURCES_READ, PROMPTS_GET, INITIALIZE);

    private McpMethod() {
    }

    /** {@code method}, or {@link #TOOLS_CALL} for null. */
    public static String orDefault(String method) {
        return method == null ? TOOLS_CALL : method;
    }

    /** @throws IllegalArgumentException naming the value and the accepted ones */
    public static String parse(String name) {
        if (name != null && ALL.contains(name)) {
            return name;
        }
        throw new IllegalArgumentException("method: unknown value '" + name + "'; expected one of " + String.join(", ", ALL));
    }
}
