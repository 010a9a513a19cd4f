package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.store.Store;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --store} option every command shares. */
final class StoreOption {

    @Option(names = "--store", paramLabel = "DIR",
            description = "Store directory (default: $MCP_MONITOR_STORE, else ~/.mcp-monitor).")
    Path store;

    Path directory() {
        return Store.resolveDirectory(store);
    }
}
