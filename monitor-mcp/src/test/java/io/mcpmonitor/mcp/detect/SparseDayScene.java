package io.mcpmonitor.mcp.detect;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.CallRecord;
import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.HistogramFormat;
import io.mcpmonitor.core.store.RecordCodec;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.SparseHistogram;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A day of 30 servers x 10 tools, about 300,000 calls, written as minute records straight into the
 * store (the lines a monitor's flushes append, in one batch): each
 * tool has its own rate (0.15 to 2 calls a minute, Poisson), median response time (lognormal,
 * spread 0.5) and 1 % of failed calls. Two 30-minute incidents on tools called about 0.75 times a
 * minute: {@code server-07/list_commits} answering 8 times slower (22 calls), {@code
 * server-19/run_query} failing on 17 of its 24 calls.
 */
final class SparseDayScene {
    static final long MINUTE = 60_000L;
    static final String[] TOOLS = {"search_issues", "get_file_contents", "create_issue", "list_commits", "run_query",
        "fetch_url", "summarize", "translate", "embed_text", "generate_report"};
    static final double[] CALLS_PER_MINUTE = {2, 1.2, 0.9, 0.75, 0.75, 0.5, 0.4, 0.3, 0.2, 0.15};
    static final double[] MEDIAN_MS = {15, 30, 60, 40, 25, 80, 120, 20, 50, 100};
    static final String SLOW_SERVER = "server-07";
    static final String SLOW_TOOL = "list_commits";
    static final String FAILING_SERVER = "server-19";
    static final String FAILING_TOOL = "run_query";

    final long from;
    final long to;
    final long slowFrom;
    final long failingFrom;
    long calls;

    /** A day ending at {@code endMillis} (minute-aligned); the incidents start 10 h and 4 h before its end. */
    SparseDayScene(long endMillis) {
        to = endMillis;
        from = to - 1440 * MINUTE;
        slowFrom = to - 600 * MINUTE;
        failingFrom = to - 240 * MINUTE;
    }

    static String server(int s) {
        return String.format("server-%02d", s);
    }

    /** Writes the day as one writer's minute lines (what a monitor flushes), one append per hour file. */
    void write(Path store) {
        SplittableRandom r = new SplittableRandom(13);
        Histogram h = HistogramFormat.newHistogram();
        SortedMap<Long, List<String>> lines = new TreeMap<>();
        for (int s = 0; s < 30; s++) {
            for (int t = 0; t < TOOLS.length; t++) {
                String server = server(s);
                String tool = TOOLS[t];
                boolean slow = server.equals(SLOW_SERVER) && tool.equals(SLOW_TOOL);
                boolean failing = server.equals(FAILING_SERVER) && tool.equals(FAILING_TOOL);
                // the incidents: 22 calls 8 times slower, 24 calls of which 17 fail, spread over 30 minutes
                int[] incidentCalls = new int[30];
                for (int c = 0; c < (slow ? 22 : failing ? 24 : 0); c++) {
                    incidentCalls[r.nextInt(30)]++;
                }
                int failuresLeft = 17;
                for (long minute = from; minute < to; minute += MINUTE) {
                    long incidentStart = slow ? slowFrom : failingFrom;
                    boolean inIncident = (slow || failing) && minute >= incidentStart && minute < incidentStart + 30 * MINUTE;
                    int n = inIncident ? incidentCalls[(int) ((minute - incidentStart) / MINUTE)] : poisson(r, CALLS_PER_MINUTE[t]);
                    if (n == 0) {
                        continue;
                    }
                    h.reset();
                    long[] counts = new long[Outcome.count()];
                    long sum = 0;
                    for (int c = 0; c < n; c++) {
                        double factor = inIncident && slow ? 8.0 : 1.0;
                        boolean fail = inIncident && failing ? failuresLeft-- > 0 : r.nextDouble() < 0.01;
                        long nanos = HistogramFormat.clamp((long) (MEDIAN_MS[t] * factor * 1e6 * Math.exp(0.5 * r.nextGaussian())));
                        h.recordValue(nanos);
                        sum += nanos;
                        counts[(fail ? Outcome.TOOL_ERROR : Outcome.SUCCESS).ordinal()]++;
                    }
                    calls += n;
                    long errors = counts[Outcome.TOOL_ERROR.ordinal()];
                    List<ErrorCount> groups = errors == 0 ? List.of()
                            : List.of(new ErrorCount(Outcome.TOOL_ERROR, "tool_error", "upstream returned 502 Bad Gateway", errors));
                    CallRecord rec = new CallRecord(Resolution.MINUTE, minute, server, tool, counts, SparseHistogram.of(h),
                            groups, sum);
                    lines.computeIfAbsent(Resolution.HOUR.floor(minute), k -> new ArrayList<>()).add(RecordCodec.encode(rec));
                }
            }
        }
        try {
            new StoreWriter(Store.open(store), "day").appendAll(System.currentTimeMillis(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int poisson(SplittableRandom r, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = r.nextDouble();
        while (p > l) {
            k++;
            p *= r.nextDouble();
        }
        return k;
    }
}
