package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.record.Clock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.store.StoreReader;
import io.mcpmonitor.mcp.server.Arguments;
import io.mcpmonitor.mcp.server.InvalidArgumentException;
import io.mcpmonitor.mcp.server.SidecarTools;
import io.mcpmonitor.mcp.server.ToolAnswer;
import io.mcpmonitor.mcp.server.ToolContext;
import io.mcpmonitor.mcp.server.ToolDefinition;
import io.mcpmonitor.mcp.server.ToolModule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The sidecar's tools run in this process over a store on disk, so a command answers exactly what
 * the MCP tool of the same name answers. No background work runs; changes to the alert state (an
 * acknowledgement, a silence) are saved to the store's state file before the command ends.
 * Not thread-safe: one command, one instance.
 */
final class LocalTools implements AutoCloseable {

    private final ToolContext context;

    private LocalTools(ToolContext context) {
        this.context = context;
    }

    static LocalTools over(Path dir, StoreReader reader) throws IOException {
        Monitor ingest = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).build();
        return new LocalTools(new ToolContext(reader, ingest, Clock.SYSTEM, AlertEngine.open(dir, AlertPolicy.DEFAULT)));
    }

    /** Runs tool {@code name} with {@code args}; bad input is thrown with the field's name. */
    ToolAnswer call(String name, Map<String, Object> args) throws InvalidArgumentException {
        for (ToolModule m : SidecarTools.all()) {
            for (ToolDefinition t : m.tools(context)) {
                if (t.name().equals(name)) {
                    return t.handler().handle(new Arguments(args));
                }
            }
        }
        throw new IllegalStateException("no tool " + name);
    }

    /** Tool arguments from name/value pairs; a null value is left out, as an absent option. */
    static Map<String, Object> args(Object... namesAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                m.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return m;
    }

    AlertEngine alerts() {
        return context.alerts();
    }

    @Override
    public void close() {
        context.ingest().close();
    }
}
