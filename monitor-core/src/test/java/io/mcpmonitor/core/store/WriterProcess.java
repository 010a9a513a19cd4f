package io.mcpmonitor.core.store;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A separate JVM for {@link TwoProcessWriteIT}: records {@code calls} calls on each of three tools,
 * flushing every 100 ms while it works, then closes. Args: store dir, calls per tool, label.
 */
public final class WriterProcess {

    public static void main(String[] args) {
        Path store = Path.of(args[0]);
        int calls = Integer.parseInt(args[1]);
        try (Monitor m = Monitor.builder().storeDirectory(store).flushInterval(Duration.ofMillis(100)).build()) {
            for (int i = 0; i < calls; i++) {
                m.record("shared", "alpha", 1_000 + i % 5_000, Outcome.SUCCESS);
                m.record("shared", "beta", 50_000 + i % 7, i % 10 == 0 ? Outcome.TOOL_ERROR : Outcome.SUCCESS);
                m.record("shared", "gamma-" + args[2], 2_000_000, Outcome.SUCCESS);
                if (i % 20_000 == 0) {
                    Thread.onSpinWait(); // let the flush thread interleave with recording
                }
            }
        }
    }
}
