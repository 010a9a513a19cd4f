package io.mcpmonitor.prometheus.exposition;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Writes a known workload into a store through the real recording API. */
public final class Workload {

    private Workload() {
    }

    /**
     * {@code perMinute} calls a minute of {@code tool} over {@code minutes} minutes ending now, log-normal
     * around {@code medianMs}; every 10th a tool error, every 25th an exception.
     *
     * @return the calls written by outcome: {success, tool_error, exception}
     */
    public static long[] write(Path store, String server, String tool, int minutes, int perMinute, double medianMs, long seed) {
        long[] written = new long[3];
        SplittableRandom r = new SplittableRandom(seed);
        long now = System.currentTimeMillis();
        long start = now - minutes * 60_000L;
        try (Monitor m = Monitor.builder().storeDirectory(store).build()) {
            int n = 0;
            for (long t = start; t < now - 1000; t += 60_000L) {
                for (int i = 0; i < perMinute; i++) {
                    double gaussian = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
                    long nanos = (long) (medianMs * Math.exp(0.5 * gaussian) * 1e6);
                    long at = Math.min(now - 1, t + i * (60_000L / perMinute));
                    n++;
                    if (n % 25 == 0) {
                        m.recordAt(at, server, tool, nanos, Outcome.EXCEPTION, "java.lang.IllegalStateException", "boom");
                        written[2]++;
                    } else if (n % 10 == 0) {
                        m.recordAt(at, server, tool, nanos, Outcome.TOOL_ERROR, "tool_error", "bad");
                        written[1]++;
                    } else {
                        m.recordAt(at, server, tool, nanos, Outcome.SUCCESS, null, null);
                        written[0]++;
                    }
                }
            }
        }
        return written;
    }
}
