package io.mcpmonitor.core.reliability;

import io.mcpmonitor.core.store.Compactor;
import io.mcpmonitor.core.store.Retention;
import io.mcpmonitor.core.store.Store;
import java.nio.file.Path;

/**
 * {@code CompactorMain STORE NOW_MILLIS}: one compaction with retention, as the sidecar runs it, at
 * the given time; prints {@code compacted H D F} (hour rollups, day rollups, files deleted). The
 * reliability suite kills it with SIGKILL at random moments.
 */
public final class CompactorMain {

    private CompactorMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("started");
        System.out.flush();
        Compactor.Result r = new Compactor(Store.open(Path.of(args[0])), Retention.DEFAULT).compact(Long.parseLong(args[1]), true);
        System.out.println("compacted " + r.hourRollups() + " " + r.dayRollups() + " " + r.filesDeleted());
    }
}
