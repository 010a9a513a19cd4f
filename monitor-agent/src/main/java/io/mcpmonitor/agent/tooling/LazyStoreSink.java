package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.core.store.CallRecord;
import io.mcpmonitor.core.store.ProcessRecord;
import io.mcpmonitor.core.store.RecordSink;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON store, opened on the first flush (on the monitor's flush thread) rather than at premain: opening it
 * loads the JSON library, which would add to the host's start-up time. A store that cannot be opened yet is
 * tried again at the next flush (the monitor keeps the data and warns once).
 *
 * <p>Called by the monitor's flush thread only (the monitor serialises flushes).
 */
final class LazyStoreSink implements RecordSink {

    private final Path explicitDirectory;
    private final String writerId;
    private RecordSink delegate;

    /** {@code explicitDirectory} may be null: then {@code MCP_MONITOR_STORE}, else {@code ~/.mcp-monitor}. */
    LazyStoreSink(Path explicitDirectory, String writerId) {
        this.explicitDirectory = explicitDirectory;
        this.writerId = writerId;
    }

    @Override
    public void write(long wallMillis, List<CallRecord> calls, List<ProcessRecord> processes) throws IOException {
        if (delegate == null) {
            Store store = Store.open(Store.resolveDirectory(explicitDirectory));
            // A repaired store.json is said once, on stderr: stdout may be the host's JSON-RPC channel.
            store.notes().forEach(note -> System.err.println("mcp-monitor: " + note));
            delegate = RecordSink.toStore(new StoreWriter(store, writerId));
        }
        delegate.write(wallMillis, calls, processes);
    }
}
