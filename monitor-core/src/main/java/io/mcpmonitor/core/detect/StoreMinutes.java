package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Bucket;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.ProcessRecord;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reads what detection needs out of the store's in-memory index: per-minute points of a series
 * (percentiles read from each minute's merged histogram, never averaged), the errors of a range,
 * and per-minute process resources per server. Every method must run under the reader's read lock
 * ({@code StoreReader.read}) and copies what it returns, so the caller may use it after the lock is
 * released. Stateless apart from the caller's scratch accumulator; not thread-safe per scratch.
 */
final class StoreMinutes {
    private static final long MINUTE = Resolution.MINUTE.millis();

    private StoreMinutes() {
    }

    /** Start of the first minute bucket of the series, or Long.MAX_VALUE if it has none. */
    static long firstMinute(StoreIndex.Series s) {
        return s.firstMinuteMillis();
    }

    /** Start of the last minute bucket of the series, or Long.MIN_VALUE if it has none. */
    static long lastMinute(StoreIndex.Series s) {
        return s.lastMinuteMillis();
    }

    /** Every minute of {@code [from, to)} (minute-aligned), minutes without calls included. */
    static List<MinutePoint> read(StoreIndex.Series s, long from, long to, DenseCounts scratch) {
        List<MinutePoint> out = new ArrayList<>((int) Math.max(0, (to - from) / MINUTE));
        long t = from;
        for (Map.Entry<Long, Bucket> e : s.minutes(from, to).entrySet()) {
            for (; t < e.getKey(); t += MINUTE) {
                out.add(MinutePoint.empty(t));
            }
            out.add(point(e.getValue(), scratch));
            t = e.getKey() + MINUTE;
        }
        for (; t < to; t += MINUTE) {
            out.add(MinutePoint.empty(t));
        }
        return out;
    }

    /** The point of one minute bucket. */
    static MinutePoint point(Bucket b, DenseCounts scratch) {
        long calls = b.totalCalls();
        long[] errors = new long[Outcome.values().length];
        for (Outcome o : Outcome.values()) {
            errors[o.ordinal()] = b.count(o);
        }
        long n = b.histogram().totalCount();
        if (calls == 0 || n == 0) {
            return MinutePoint.withoutDurations(b.startMillis(), calls, errors);
        }
        scratch.reset();
        scratch.add(b.histogram());
        double[] values = new double[MinutePoint.QUANTILES.length];
        double[] lows = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double q = MinutePoint.QUANTILES[i];
            values[i] = ms(scratch.valueAtPercentile(100 * q));
            lows[i] = ms(scratch.valueAtPercentile(100 * MinutePoint.conservativeQuantile(q, n)));
        }
        return new MinutePoint(b.startMillis(), calls, errors, values, lows);
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** The errors of the series in {@code [from, to)}, most frequent first, at most {@code limit}. */
    static List<ErrorCount> topErrors(StoreIndex.Series s, long from, long to, int limit) {
        Map<String, ErrorCount> merged = new LinkedHashMap<>();
        for (Bucket b : s.minutes(from, to).values()) {
            for (ErrorCount e : b.errors()) {
                merged.merge(e.key(), e, ErrorCount::plus);
            }
        }
        return merged.values().stream().sorted(Comparator.comparingLong(ErrorCount::count).reversed())
                .limit(limit).toList();
    }

    /**
     * Process resources per server and minute over {@code [from, to)}: {@code [cpuPercent, heapPercent]},
     * CPU summed over the server's processes (each process's mean over its samples of the minute),
     * heap the highest of them; -1 where no process told.
     */
    static Map<String, TreeMap<Long, double[]>> resources(List<ProcessRecord> processes, long from, long to,
                                                          Predicate<String> servers) {
        // server -> minute -> writer -> {cpuSum, cpuCount, heapMax}
        Map<String, TreeMap<Long, Map<String, double[]>>> acc = new HashMap<>();
        for (ProcessRecord p : processes) {
            if (p.atMillis() < from || p.atMillis() >= to) {
                continue;
            }
            long minute = Resolution.MINUTE.floor(p.atMillis());
            for (String server : p.servers()) {
                if (!servers.test(server)) {
                    continue;
                }
                double[] w = acc.computeIfAbsent(server, k -> new TreeMap<>()).computeIfAbsent(minute, k -> new HashMap<>())
                        .computeIfAbsent(p.writer(), k -> new double[] {0, 0, -1});
                if (p.cpuPercent() >= 0) {
                    w[0] += p.cpuPercent();
                    w[1]++;
                }
                w[2] = Math.max(w[2], p.heapPercent());
            }
        }
        Map<String, TreeMap<Long, double[]>> out = new HashMap<>();
        acc.forEach((server, minutes) -> {
            TreeMap<Long, double[]> series = new TreeMap<>();
            minutes.forEach((minute, writers) -> {
                double cpu = -1;
                double heap = -1;
                for (double[] w : writers.values()) {
                    if (w[1] > 0) {
                        cpu = Math.max(cpu, 0) + w[0] / w[1];
                    }
                    heap = Math.max(heap, w[2]);
                }
                series.put(minute, new double[] {cpu, heap});
            });
            out.put(server, series);
        });
        return out;
    }
}
