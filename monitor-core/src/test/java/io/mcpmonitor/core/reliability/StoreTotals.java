package io.mcpmonitor.core.reliability;

import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;

/** Calls of one server in a store, as every query sees them (rollups where clean, finer data otherwise). */
final class StoreTotals {

    private StoreTotals() {
    }

    static long calls(java.nio.file.Path dir, String server) {
        StoreReader r = new StoreReader(Store.at(dir));
        r.refresh();
        return r.read(ix -> {
            long[] sum = {0};
            ix.series().stream().filter(s -> s.key().server().equals(server))
                    .forEach(s -> ix.fold(s, Resolution.DAY.floor(s.firstSeenMillis()), Resolution.DAY.floor(s.lastSeenMillis()) + Resolution.DAY.millis(),
                            Resolution.DAY, b -> sum[0] += b.totalCalls()));
            return sum[0];
        });
    }
}
