package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.ErrorCount;
import io.mcpmonitor.core.store.ProcessRecord;
import io.mcpmonitor.core.store.SeriesKey;
import io.mcpmonitor.core.store.StoreIndex;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Explains an {@link Incident} from its context and sets its scope and recommendations:
 * <ul>
 *   <li>whether other tools of the same server show the same kind of anomaly at the same time
 *       (a server-wide cause) or only this one (look at what the tool depends on);</li>
 *   <li>the top error messages of the series during the incident, and what their outcome class means;</li>
 *   <li>the server's CPU and heap then, against the hour before;</li>
 *   <li>a new process of the server shortly before the onset (a restart, usually a deployment:
 *       the store keeps no version number, a new process is what is visible);</li>
 *   <li>a next step for the kind of anomaly.</li>
 * </ul>
 * Runs under the owning bank's lock and the reader's read lock; not thread-safe. One per pass.
 */
final class Explainer {
    private static final long MINUTE = 60_000L;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final StoreIndex index;
    private final Collection<Incident> incidents;
    private final Map<String, Integer> toolsPerServer;
    private final Map<String, List<ProcessRecord>> processesByServer = new HashMap<>();

    Explainer(StoreIndex index, Collection<Incident> incidents, Collection<SeriesKey> watched) {
        this.index = index;
        this.incidents = incidents;
        this.toolsPerServer = new HashMap<>();
        watched.forEach(k -> toolsPerServer.merge(k.server(), 1, Integer::sum));
        for (ProcessRecord p : index.processes()) {
            for (String s : p.servers()) {
                processesByServer.computeIfAbsent(s, k -> new ArrayList<>()).add(p);
            }
        }
    }

    void explain(Incident inc) {
        List<String> recs = new ArrayList<>();
        if (inc.tool != null) {
            scope(inc, recs);
        }
        if (inc.tool != null && (inc.family == Metric.Family.ERRORS || inc.family == Metric.Family.LATENCY)) {
            errors(inc, recs);
        }
        resources(inc, recs);
        newProcess(inc, recs);
        nextStep(inc, recs);
        inc.recommendations = List.copyOf(recs);
        inc.stale = false;
    }

    private void scope(Incident inc, List<String> recs) {
        TreeSet<String> others = new TreeSet<>();
        for (Incident o : incidents) {
            if (o != inc && o.tool != null && o.server.equals(inc.server) && !o.tool.equals(inc.tool)
                    && o.family == inc.family && o.onsetMillis <= inc.lastSeenMillis + 5 * MINUTE
                    && o.lastSeenMillis >= inc.onsetMillis - 5 * MINUTE) {
                others.add(o.tool);
            }
        }
        int tools = Math.max(toolsPerServer.getOrDefault(inc.server, 1), others.size() + 1);
        inc.alsoAffected = List.copyOf(others);
        String kind = kind(inc.family);
        if (!others.isEmpty() && others.size() + 1 >= Math.max(2, (tools + 1) / 2)) {
            inc.scope = "server_wide";
            recs.add(String.format(Locale.ROOT, "%d of %d tools of %s show the same %s at the same time (%s): the cause "
                    + "is shared by the server (its host, CPU, memory, garbage collection, a common database, "
                    + "pool or network), not the code of %s.", others.size() + 1, tools, inc.server, kind,
                    String.join(", ", others), inc.tool));
        } else if (!others.isEmpty()) {
            inc.scope = "several_tools";
            recs.add(String.format(Locale.ROOT, "%s of %s show the same %s at the same time: look for what they share "
                    + "with %s (a dependency, a database, a downstream API).", String.join(", ", others), inc.server,
                    kind, inc.tool));
        } else {
            inc.scope = "this_tool";
            if (tools > 1) {
                recs.add(String.format(Locale.ROOT, "Only %s is affected; the other %d tools of %s are normal: look at "
                        + "what %s itself depends on (its query, downstream API, input size, recent change) rather "
                        + "than at the server.", inc.tool, tools - 1, inc.server, inc.tool));
            }
        }
    }

    private void errors(Incident inc, List<String> recs) {
        StoreIndex.Series s = index.series(new SeriesKey(inc.server, inc.tool));
        if (s == null) {
            return;
        }
        long from = Math.max(inc.onsetMillis, inc.lastSeenMillis - 59 * MINUTE);
        List<ErrorCount> top = byShape(StoreMinutes.topErrors(s, from, inc.lastSeenMillis + MINUTE, Integer.MAX_VALUE), 3);
        if (top.isEmpty()) {
            return;
        }
        if (inc.family == Metric.Family.LATENCY && top.stream().noneMatch(e -> e.outcome() == Outcome.TIMEOUT)) {
            return;
        }
        List<String> parts = new ArrayList<>();
        Map<Outcome, Long> byOutcome = new LinkedHashMap<>();
        for (ErrorCount e : top) {
            String type = e.errorType().isEmpty() || e.errorType().equals(e.outcome().wireName()) ? "" : " " + e.errorType();
            String msg = e.message().isEmpty() ? "(no message)" : "'" + cut(e.message()) + "'";
            parts.add(String.format(Locale.ROOT, "%s (%s%s, %dx)", msg, e.outcome().wireName(), type, e.count()));
            byOutcome.merge(e.outcome(), e.count(), Long::sum);
        }
        recs.add("Top errors since " + HH_MM.format(Instant.ofEpochMilli(from)) + " UTC: " + String.join("; ", parts)
                + ". Start from the most frequent one.");
        Outcome main = byOutcome.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
        String advice = switch (main) {
            case TIMEOUT -> "Most failures are timeouts: the tool or something it calls hangs; check that dependency's "
                    + "response time and the timeout setting.";
            case EXCEPTION -> "The handler throws (" + top.get(0).errorType() + "): the server's log has the stack trace.";
            case INVALID_ARGUMENTS, UNKNOWN_TOOL -> "The calls themselves are rejected (" + main.wireName() + "): a client, "
                    + "prompt or schema change sends bad requests; the tool itself may be fine.";
            case CANCELLED -> "Callers cancel the calls: they give up waiting, so look at the response time first.";
            default -> "The tool reports these failures as results (isError: true): the message is what it tells its callers.";
        };
        recs.add(advice);
    }

    private void resources(Incident inc, List<String> recs) {
        List<ProcessRecord> ps = processesByServer.getOrDefault(inc.server, List.of());
        double[] during = mean(ps, inc.onsetMillis, inc.lastSeenMillis + MINUTE);
        double[] before = mean(ps, inc.onsetMillis - 60 * MINUTE, inc.onsetMillis);
        if (during == null) {
            return;
        }
        String cpu = during[0] >= 0 ? String.format(Locale.ROOT, "%.0f %%", during[0]) : "unknown";
        String usualCpu = before != null && before[0] >= 0 ? String.format(Locale.ROOT, " (usually %.0f %%)", before[0]) : "";
        String heap = during[1] >= 0 ? String.format(Locale.ROOT, "%.0f %%", during[1]) : "unknown";
        String usualHeap = before != null && before[1] >= 0 ? String.format(Locale.ROOT, " (usually %.0f %%)", before[1]) : "";
        boolean cpuHigh = during[0] >= 70 || (before != null && before[0] >= 0 && during[0] >= 2 * before[0] + 20);
        boolean heapHigh = during[1] >= 85;
        if (cpuHigh) {
            recs.add("CPU of " + inc.server + "'s process was " + cpu + usualCpu + " at the time: it is short of CPU; look "
                    + "for a hot loop or a heavier workload, or give it more cores.");
        }
        if (heapHigh) {
            recs.add("Heap of " + inc.server + "'s process was at " + heap + usualHeap + " of its maximum: garbage "
                    + "collection pauses are likely; look for a leak or raise -Xmx.");
        }
        if (!cpuHigh && !heapHigh && (inc.family == Metric.Family.LATENCY || inc.family == Metric.Family.ERRORS)) {
            recs.add("CPU (" + cpu + ") and heap (" + heap + ") of " + inc.server + "'s process were normal then: the "
                    + "time goes to waiting (I/O, downstream calls, locks, pools), not to computing.");
        }
    }

    /** Mean CPU over the samples and the highest heap in {@code [from, to)}: {@code [cpu, heap]}, or null without samples. */
    private static double[] mean(List<ProcessRecord> ps, long from, long to) {
        double cpu = 0;
        int n = 0;
        double heap = -1;
        boolean any = false;
        for (ProcessRecord p : ps) {
            if (p.atMillis() >= from && p.atMillis() < to) {
                any = true;
                if (p.cpuPercent() >= 0) {
                    cpu += p.cpuPercent();
                    n++;
                }
                heap = Math.max(heap, p.heapPercent());
            }
        }
        return any ? new double[] {n == 0 ? -1 : cpu / n, heap} : null;
    }

    private void newProcess(Incident inc, List<String> recs) {
        List<ProcessRecord> ps = processesByServer.getOrDefault(inc.server, List.of());
        Map<String, ProcessRecord> firstSeen = new HashMap<>();
        for (ProcessRecord p : ps) {
            ProcessRecord f = firstSeen.get(p.writer());
            if (f == null || p.atMillis() < f.atMillis()) {
                firstSeen.put(p.writer(), p);
            }
        }
        boolean olderProcess = firstSeen.values().stream().anyMatch(p -> p.atMillis() < inc.onsetMillis - 30 * MINUTE);
        ProcessRecord fresh = firstSeen.values().stream()
                .filter(p -> p.atMillis() >= inc.onsetMillis - 30 * MINUTE && p.atMillis() <= inc.onsetMillis + 2 * MINUTE)
                .findFirst().orElse(null);
        if (olderProcess && fresh != null) {
            long minutes = Math.max(0, (inc.onsetMillis - fresh.atMillis()) / MINUTE);
            recs.add(String.format(Locale.ROOT, "%s started a new process (pid %d) at %s UTC, %d min before the onset: "
                    + "if a new version was deployed then, compare it with the previous one or roll back.", inc.server,
                    fresh.pid(), HH_MM.format(Instant.ofEpochMilli(fresh.atMillis())), minutes));
        }
    }

    private static void nextStep(Incident inc, List<String> recs) {
        String tool = inc.tool;
        switch (inc.family) {
            case LATENCY -> recs.add("Follow it with get_metrics (toolName " + tool + ", aggregation p95, groupBy minute); "
                    + "if callers time out, add a timeout or a cache in front of the slow dependency.");
            case ERRORS -> recs.add("Follow it with get_metrics (toolName " + tool + ", aggregation error_rate, groupBy "
                    + "minute) and fix the first error above; callers see these failures now.");
            case TRAFFIC_DROP -> recs.add("server_wide".equals(inc.scope)
                    ? "Check that " + inc.server + " is running and reachable by its clients, and that its agent is still attached."
                    : "A client or prompt stopped calling " + tool + ", or calls now fail before reaching it (look for "
                            + "unknown_tool or invalid_arguments errors).");
            case TRAFFIC_SURGE -> recs.add("A client may be looping or retrying: check for retry storms, and consider a "
                    + "rate limit on " + tool + ".");
            case CPU -> recs.add("See what the process is busy with (a profiler, or jcmd <pid> Thread.print); if the load "
                    + "grew for good, scale out.");
            case HEAP -> recs.add("Take a heap histogram (jcmd <pid> GC.class_histogram) to see what grows.");
        }
    }

    private static String kind(Metric.Family f) {
        return switch (f) {
            case LATENCY -> "slow-down";
            case ERRORS -> "rise in errors";
            case TRAFFIC_DROP -> "drop in calls";
            case TRAFFIC_SURGE -> "surge of calls";
            case CPU -> "CPU rise";
            case HEAP -> "heap rise";
        };
    }

    /**
     * Errors grouped by the pattern of their message ({@link io.mcpmonitor.core.store.ErrorPattern}, the
     * one grouping the store and every answer use), so that messages that differ only by an id, a count
     * or a path add up; the most frequent {@code limit}, ties in a stable order.
     */
    static List<ErrorCount> byShape(List<ErrorCount> errors, int limit) {
        Map<String, ErrorCount> shapes = new LinkedHashMap<>();
        for (ErrorCount e : errors) {
            ErrorCount masked = e.normalised();
            shapes.merge(masked.key(), masked, ErrorCount::plus);
        }
        return shapes.values().stream().sorted(ErrorCount.MOST_FREQUENT_FIRST).limit(limit).toList();
    }

    private static String cut(String s) {
        return s.length() <= 120 ? s : s.substring(0, 119) + "…";
    }
}
