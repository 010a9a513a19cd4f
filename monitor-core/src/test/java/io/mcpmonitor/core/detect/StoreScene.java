package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.ProcessRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a small store through the real recording API ({@link Monitor#recordAt}): tools of one
 * server called at a steady rate with lognormal durations and a few errors, and process samples;
 * incidents are a latency factor or an error probability over a range of minutes.
 */
final class StoreScene implements AutoCloseable {
    static final long MINUTE = 60_000L;

    private final Monitor monitor;
    private final SplittableRandom random = new SplittableRandom(7);

    StoreScene(Path dir) {
        monitor = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId("scene").build();
    }

    /** {@code callsPerMinute} calls per minute of one tool over {@code [fromMillis, toMillis)}. */
    StoreScene calls(String server, String tool, long fromMillis, long toMillis, int callsPerMinute, double medianMs,
                     double errorRate, String errorMessage) {
        for (long m = fromMillis; m < toMillis; m += MINUTE) {
            for (int c = 0; c < callsPerMinute; c++) {
                long at = m + c * (MINUTE / callsPerMinute);
                long nanos = (long) (medianMs * 1e6 * Math.exp(0.3 * random.nextGaussian()));
                if (random.nextDouble() < errorRate) {
                    monitor.recordAt(at, server, tool, nanos, Outcome.TOOL_ERROR, "tool_error", errorMessage);
                } else {
                    monitor.recordAt(at, server, tool, nanos, Outcome.SUCCESS, null, null);
                }
            }
        }
        return this;
    }

    /** One process sample per minute for the server over {@code [fromMillis, toMillis)}. */
    StoreScene resources(String server, long pid, long fromMillis, long toMillis, double cpuPercent, double heapPercent) {
        for (long m = fromMillis; m < toMillis; m += MINUTE) {
            double cpu = cpuPercent * (1 + 0.1 * random.nextGaussian());
            monitor.reportResources(new ProcessRecord(m + 5_000, "host-" + pid, pid, List.of(server), cpu,
                    heapPercent * 10, 1000, heapPercent, 0, 0));
        }
        return this;
    }

    void flush() {
        monitor.flush();
    }

    @Override
    public void close() {
        monitor.close();
    }
}
