package io.mcpmonitor.mcp.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sidecar's tools by name, so that resources and prompts answer through the very handlers the
 * tools use (one query path, one answer shape). Immutable; safe to share between threads as long as
 * the handlers are.
 */
public final class ToolCatalog {

    private final Map<String, ToolDefinition> byName;

    private ToolCatalog(Map<String, ToolDefinition> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** The tools of {@code modules} bound to {@code context}; a name defined twice is a programming error. */
    public static ToolCatalog of(ToolContext context, List<ToolModule> modules) {
        Map<String, ToolDefinition> byName = new LinkedHashMap<>();
        for (ToolModule module : modules) {
            for (ToolDefinition def : module.tools(context)) {
                if (byName.putIfAbsent(def.name(), def) != null) {
                    throw new IllegalStateException("two modules define the tool " + def.name());
                }
            }
        }
        return new ToolCatalog(byName);
    }

    public List<ToolDefinition> definitions() {
        return List.copyOf(byName.values());
    }

    /**
     * Runs tool {@code name} on {@code arguments} (JSON values).
     *
     * @throws InvalidArgumentException when the arguments are refused, naming the field
     * @throws IllegalArgumentException when there is no such tool
     */
    public ToolAnswer call(String name, Map<String, Object> arguments) throws InvalidArgumentException {
        ToolDefinition def = byName.get(name);
        if (def == null) {
            throw new IllegalArgumentException("no tool named " + name);
        }
        return def.handler().handle(new Arguments(arguments));
    }
}
