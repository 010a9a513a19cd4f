package io.mcpmonitor.mcp.server;

import io.mcpmonitor.core.store.StoreReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * Tools that report calls rather than ask a question: a steady stream of them (a fleet reporting through
     * the sidecar) must not hold back compaction and alert evaluation, and each takes about a millisecond.
     */
    private static final Set<String> REPORTING = Set.of("track_performance");

    /**
     * The tools of {@code modules} bound to {@code context}; a name defined twice is a programming error. Every
     * tool but those reporting calls runs as work a client waits for ({@link StoreReader#foreground()}), so the
     * background work over the reader steps aside while it answers.
     */
    public static ToolCatalog of(ToolContext context, List<ToolModule> modules) {
        Map<String, ToolDefinition> byName = new LinkedHashMap<>();
        for (ToolModule module : modules) {
            for (ToolDefinition tool : module.tools(context)) {
                ToolDefinition def = REPORTING.contains(tool.name()) ? tool : asQuestion(tool, context.reader());
                if (byName.putIfAbsent(def.name(), def) != null) {
                    throw new IllegalStateException("two modules define the tool " + def.name());
                }
            }
        }
        return new ToolCatalog(byName);
    }

    private static ToolDefinition asQuestion(ToolDefinition tool, StoreReader reader) {
        ToolHandler handler = tool.handler();
        return new ToolDefinition(tool.name(), tool.title(), tool.description(), tool.inputSchemaJson(), args -> {
            try (StoreReader.Foreground f = reader.foreground()) {
                return handler.handle(args);
            }
        });
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
