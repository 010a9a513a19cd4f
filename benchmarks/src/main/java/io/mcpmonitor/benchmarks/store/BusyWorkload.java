package io.mcpmonitor.benchmarks.store;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.record.ToolTimer;
import java.util.SplittableRandom;

/**
 * A deterministic synthetic workload of "busy" series: {@value #SERVERS} servers x {@value #TOOLS}
 * tools, each series taking 50..200 calls per minute (uniform), latencies lognormal with a median
 * that depends on the tool (3 ms .. 600 ms) and a spread that depends on the server, and about
 * 1 % of calls failing (mostly tool errors, some exceptions, a few timeouts) with a handful of
 * distinct messages. The same seed gives the same calls.
 *
 * <p>Not thread-safe: one generating thread.
 */
public final class BusyWorkload {

    public static final int SERVERS = 30;
    public static final int TOOLS = 10;
    public static final int MIN_CALLS_PER_MINUTE = 50;
    public static final int MAX_CALLS_PER_MINUTE = 200;
    public static final double ERROR_FRACTION = 0.01;

    private static final String[] TOOL_NAMES = {
        "search_issues", "get_file_contents", "create_issue", "list_commits", "run_query",
        "fetch_url", "summarize", "translate", "embed_text", "generate_report"};
    private static final double[] TOOL_MEDIAN_MILLIS = {3, 8, 15, 25, 40, 60, 90, 150, 250, 600};
    private static final String[] ERROR_MESSAGES = {
        "rate limited by upstream (429)", "resource not found", "permission denied for repository",
        "upstream returned 502 Bad Gateway", "invalid cursor"};

    private final SplittableRandom random;
    private final ToolTimer[] timers = new ToolTimer[SERVERS * TOOLS];
    private final double[] logMedianNanos = new double[SERVERS * TOOLS];
    private final double[] sigma = new double[SERVERS * TOOLS];

    public BusyWorkload(Monitor monitor, long seed) {
        this.random = new SplittableRandom(seed);
        for (int s = 0; s < SERVERS; s++) {
            for (int t = 0; t < TOOLS; t++) {
                int i = s * TOOLS + t;
                timers[i] = monitor.timer(serverName(s), TOOL_NAMES[t]);
                logMedianNanos[i] = Math.log(TOOL_MEDIAN_MILLIS[t] * 1_000_000.0);
                sigma[i] = 0.5 + 0.1 * (s % 6);
            }
        }
    }

    public static String serverName(int server) {
        return String.format("server-%02d", server);
    }

    public static int seriesCount() {
        return SERVERS * TOOLS;
    }

    /** Draws how many calls one series takes in one minute. */
    public int callsPerMinute() {
        return MIN_CALLS_PER_MINUTE + random.nextInt(MAX_CALLS_PER_MINUTE - MIN_CALLS_PER_MINUTE + 1);
    }

    /** Records {@code calls} calls of series {@code series} (0 .. seriesCount()-1). */
    public void record(int series, int calls) {
        ToolTimer timer = timers[series];
        for (int c = 0; c < calls; c++) {
            long durationNanos = (long) Math.exp(logMedianNanos[series] + sigma[series] * random.nextGaussian());
            double u = random.nextDouble();
            if (u >= ERROR_FRACTION) {
                timer.record(durationNanos, Outcome.SUCCESS);
            } else if (u < ERROR_FRACTION * 0.7) {
                timer.record(durationNanos, Outcome.TOOL_ERROR, "tool_error",
                        ERROR_MESSAGES[random.nextInt(ERROR_MESSAGES.length)]);
            } else if (u < ERROR_FRACTION * 0.9) {
                timer.record(durationNanos, Outcome.EXCEPTION, "java.io.IOException",
                        ERROR_MESSAGES[random.nextInt(ERROR_MESSAGES.length)]);
            } else {
                timer.record(durationNanos, Outcome.TIMEOUT, "timeout", "no answer within 30 s");
            }
        }
    }
}
