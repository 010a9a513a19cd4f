package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --store} option every command shares, and the line on stderr that says which store a
 * command read and whether anything is in it, so an empty answer is never a mystery.
 */
final class StoreOption {

    static final String HOW_TO_START = "attach the agent (java -javaagent:monitor-agent.jar ...), report calls with "
            + "track_performance, or try ./mcp-monitor demo";

    @Option(names = "--store", paramLabel = "DIR",
            description = "Store directory (default: $MCP_MONITOR_STORE, else $HOME/.mcp-monitor).")
    Path store;

    Path directory() {
        return Store.resolveDirectory(store);
    }

    /** A reader over the store, brought up to date, after saying on {@code err} which store it is. */
    StoreReader read(PrintWriter err) {
        Path dir = directory();
        StoreReader reader = new StoreReader(Store.at(dir));
        reader.refresh();
        announce(err, dir, reader);
        return reader;
    }

    /** Says which store {@code dir} is and whether it holds any call; one line on {@code err}. */
    static void announce(PrintWriter err, Path dir, StoreReader reader) {
        if (!Files.isDirectory(dir)) {
            err.printf("store: %s (does not exist: nothing recorded yet; %s)%n", dir, HOW_TO_START);
        } else if (reader.read(ix -> ix.series().isEmpty())) {
            err.printf("store: %s (empty: nothing recorded yet; %s)%n", dir, HOW_TO_START);
        } else {
            err.printf("store: %s%n", dir);
        }
        err.flush();
    }
}
