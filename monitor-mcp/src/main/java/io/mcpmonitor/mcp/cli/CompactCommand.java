package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.store.Compactor;
import io.mcpmonitor.core.store.Retention;
import io.mcpmonitor.core.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Rolls up closed hours and days and applies retention now, instead of waiting for the schedule. */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Roll up closed hours and days and delete data past its retention, now.")
final class CompactCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        store.read(spec.commandLine().getErr());
        if (System.console() != null) {
            // in a terminal, say it is working: a month of minute files takes a while to roll up
            spec.commandLine().getErr().println("compact: rolling up closed hours and days...");
            spec.commandLine().getErr().flush();
        }
        Store opened = Store.open(store.directory());
        opened.notes().forEach(note -> spec.commandLine().getErr().println("store: " + note));
        Compactor.Result r = new Compactor(opened, Retention.DEFAULT).compact(System.currentTimeMillis(), true);
        if (!r.ran()) {
            spec.commandLine().getErr().println("another process is compacting this store; try again later");
            return 3;
        }
        spec.commandLine().getOut().printf("hourly rollups written: %d, daily rollups written: %d, files deleted: %d%n",
                r.hourRollups(), r.dayRollups(), r.filesDeleted());
        if (!r.health().healthy()) {
            spec.commandLine().getOut().println(r.health().healthNote());
            r.health().problems().stream().limit(20).forEach(p -> spec.commandLine().getOut().println("  " + p));
        }
        if (r.pastRetentionCalls() > 0) {
            spec.commandLine().getOut().printf("calls dropped for arriving past the retention of daily rollups: %d%n",
                    r.pastRetentionCalls());
        }
        if (r.unreadableLinesDropped() > 0) {
            spec.commandLine().getOut().printf("unreadable lines left out of consolidated minute files: %d%n",
                    r.unreadableLinesDropped());
        }
        return 0;
    }
}
