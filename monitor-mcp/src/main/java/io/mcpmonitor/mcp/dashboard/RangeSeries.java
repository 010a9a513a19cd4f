package io.mcpmonitor.mcp.dashboard;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Bucket;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.ProcessRecord;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The charts of one scope — every server, one server, or one tool of a server — over a
 * {@link DashboardRange}: per step, calls, p50/p95/p99 (ms, from the merged histograms, never
 * averaged), error rate (%), and, for a server or tool, the process's CPU (% of one core, mean of
 * the samples) and heap (% of its maximum, the highest sample). NaN where a step has no data.
 *
 * <p>Stateless; allocates a point list per call. Called under the store reader's lock.
 */
final class RangeSeries {

    /** One step of the charts; {@code startMillis} is the step's start. */
    record Point(long startMillis, long calls, double p50, double p95, double p99, double errorRate, double cpu, double heap) {
    }

    private RangeSeries() {
    }

    static List<Point> of(StoreIndex ix, String server, String tool, DashboardRange range, long nowMillis) {
        long to = range.end(nowMillis);
        long from = range.start(nowMillis);
        long step = range.step.toMillis();
        int n = (int) ((to - from) / step);
        List<StoreIndex.Series> matching = new ArrayList<>();
        for (StoreIndex.Series s : ix.series()) {
            if ((server == null || server.equals(s.key().server())) && (tool == null || tool.equals(s.key().tool()))
                    && s.lastSeenMillis() > from && s.firstSeenMillis() < to) {
                matching.add(s);
            }
        }
        double[][] resources = server == null ? null : resources(ix.processes(), server, from, step, n);
        Resolution coarsest = step >= Resolution.HOUR.millis() ? Resolution.HOUR : Resolution.MINUTE;
        DenseCounts histogram = new DenseCounts();
        long[] counts = new long[2];
        List<Point> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long bFrom = from + i * step;
            histogram.reset();
            counts[0] = 0;
            counts[1] = 0;
            for (StoreIndex.Series s : matching) {
                ix.fold(s, bFrom, bFrom + step, coarsest, (Bucket b) -> {
                    counts[0] += b.totalCalls();
                    counts[1] += b.totalCalls() - b.count(Outcome.SUCCESS);
                    histogram.add(b.histogram());
                });
            }
            double cpu = resources == null || resources[i][1] == 0 ? Double.NaN : resources[i][0] / resources[i][1];
            double heap = resources == null || resources[i][2] < 0 ? Double.NaN : resources[i][2];
            if (counts[0] == 0) {
                out.add(new Point(bFrom, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, cpu, heap));
            } else {
                out.add(new Point(bFrom, counts[0], ms(histogram.valueAtPercentile(50)), ms(histogram.valueAtPercentile(95)),
                        ms(histogram.valueAtPercentile(99)), Math.round(100_000.0 * counts[1] / counts[0]) / 1000.0, cpu, heap));
            }
        }
        return out;
    }

    /** Per step: {cpu sum, cpu samples, heap max (-1 none)} of the processes that report for {@code server}. */
    private static double[][] resources(List<ProcessRecord> processes, String server, long from, long step, int n) {
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) {
            r[i] = new double[] {0, 0, -1};
        }
        for (ProcessRecord p : processes) {
            long i = Math.floorDiv(p.atMillis() - from, step);
            if (i < 0 || i >= n || !p.servers().contains(server)) {
                continue;
            }
            if (p.cpuPercent() >= 0) {
                r[(int) i][0] += p.cpuPercent();
                r[(int) i][1]++;
            }
            r[(int) i][2] = Math.max(r[(int) i][2], p.heapPercent());
        }
        return r;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }
}
