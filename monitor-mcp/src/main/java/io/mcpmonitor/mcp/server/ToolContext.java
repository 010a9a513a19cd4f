package io.mcpmonitor.mcp.server;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.record.Clock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.store.StoreReader;

/**
 * What the tools of the sidecar share: the reader over the store (one index for every tool, so one
 * query path), the monitor that ingests reported calls into the same store, the clock, and the
 * alert engine of the store.
 *
 * <p>Before answering from the store, a tool calls {@link #readYourWrites()}, so what was just
 * reported through {@code track_performance} is visible to the very next query.
 */
public record ToolContext(StoreReader reader, Monitor ingest, Clock clock, AlertEngine alerts) {

    /** Flushes what this process ingested and brings the reader up to date. */
    public void readYourWrites() {
        ingest.flush();
        reader.refresh();
    }
}
