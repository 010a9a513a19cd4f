package io.mcpmonitor.core.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks tools by how much slow calls cost: the <b>impact</b> of a tool is
 * <pre>  impactSeconds = p95ResponseTime (ms) × calls / 1000</pre>
 * the time its calls would take if each ran as slow as its p95, so a tool that is slow in the tail
 * and called often ranks above one that is slower but rarely called (10,000 calls at 50 ms:
 * 500 s; 10 calls at 5 s: 50 s). Ties go to the higher p95, then to server and tool names.
 * {@code sharePercent} is the tool's impact over the sum of every tool's impact. Tools without
 * calls are not ranked. Stateless.
 */
public final class Bottlenecks {

    /** How many bottlenecks a report lists. */
    public static final int TOP = 10;

    private Bottlenecks() {
    }

    /** The impact of {@code calls} calls with a p95 of {@code p95Millis}, in seconds. */
    public static double impactSeconds(double p95Millis, long calls) {
        return p95Millis * calls / 1000.0;
    }

    /** The {@code limit} tools of {@code tools} with the highest impact, highest first, ranked from 1. */
    public static List<Bottleneck> rank(List<ToolReport> tools, int limit) {
        double total = tools.stream().mapToDouble(t -> impact(t)).sum();
        List<ToolReport> sorted = tools.stream().filter(t -> t.summary().totalCalls() > 0)
                .sorted(Comparator.comparingDouble(Bottlenecks::impact).reversed()
                        .thenComparing(Comparator.comparingDouble((ToolReport t) -> t.summary().p95ResponseTime()).reversed())
                        .thenComparing(ToolReport::server).thenComparing(ToolReport::tool))
                .limit(limit).toList();
        List<Bottleneck> out = new ArrayList<>(sorted.size());
        for (ToolReport t : sorted) {
            double impact = impact(t);
            out.add(new Bottleneck(out.size() + 1, t.server(), t.tool(), t.summary().totalCalls(),
                    t.summary().p95ResponseTime(), round(impact), total == 0 ? 0 : round(100.0 * impact / total)));
        }
        return out;
    }

    private static double impact(ToolReport t) {
        return impactSeconds(t.summary().p95ResponseTime(), t.summary().totalCalls());
    }

    private static double round(double d) {
        return Math.round(d * 1000.0) / 1000.0;
    }
}
