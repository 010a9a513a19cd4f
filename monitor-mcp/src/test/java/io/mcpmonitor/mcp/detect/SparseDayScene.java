package io.mcpmonitor.mcp.detect;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.record.Monitor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * A day of 30 servers x 10 tools, about 300,000 calls, written through the recording API: each
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

    void write(Path store) {
        SplittableRandom r = new SplittableRandom(13);
        try (Monitor m = Monitor.builder().storeDirectory(store).flushInterval(Duration.ZERO).writerId("day").build()) {
            for (int s = 0; s < 30; s++) {
                for (int t = 0; t < TOOLS.length; t++) {
                    String server = server(s);
                    String tool = TOOLS[t];
                    boolean slow = server.equals(SLOW_SERVER) && tool.equals(SLOW_TOOL);
                    boolean failing = server.equals(FAILING_SERVER) && tool.equals(FAILING_TOOL);
                    for (long minute = from; minute < to; minute += MINUTE) {
                        boolean inSlow = slow && minute >= slowFrom && minute < slowFrom + 30 * MINUTE;
                        boolean inFailing = failing && minute >= failingFrom && minute < failingFrom + 30 * MINUTE;
                        if (inSlow || inFailing) {
                            continue; // written below, with exact counts
                        }
                        int n = poisson(r, CALLS_PER_MINUTE[t]);
                        for (int c = 0; c < n; c++) {
                            call(m, r, minute + r.nextLong(MINUTE), server, tool, MEDIAN_MS[t], 1.0, r.nextDouble() < 0.01);
                        }
                    }
                    m.flush(); // a day of one series at a time: the monitor holds at most 100,000 records unflushed
                }
            }
            // the incidents: 22 calls 8 times slower, 24 calls of which 17 fail, spread over 30 minutes
            for (int c = 0; c < 22; c++) {
                call(m, r, slowFrom + r.nextLong(30 * MINUTE), SLOW_SERVER, SLOW_TOOL, MEDIAN_MS[3], 8.0, false);
            }
            for (int c = 0; c < 24; c++) {
                call(m, r, failingFrom + r.nextLong(30 * MINUTE), FAILING_SERVER, FAILING_TOOL, MEDIAN_MS[4], 1.0, c < 17);
            }
        }
    }

    private void call(Monitor m, SplittableRandom r, long at, String server, String tool, double medianMs, double factor,
                      boolean fail) {
        long nanos = (long) (medianMs * factor * 1e6 * Math.exp(0.5 * r.nextGaussian()));
        if (fail) {
            m.recordAt(at, server, tool, nanos, Outcome.TOOL_ERROR, "tool_error", "upstream returned 502 Bad Gateway");
        } else {
            m.recordAt(at, server, tool, nanos, Outcome.SUCCESS, null, null);
        }
        calls++;
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
