package io.mcpmonitor.core.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks the tools that had failed calls: most failed calls first, then the higher error rate, then
 * server and tool names. Each keeps its {@value #TOP_MESSAGES} most frequent error messages (from
 * the store's bounded error summary). Stateless.
 */
public final class FailingTools {

    /** How many failing tools a report lists. */
    public static final int TOP = 10;
    /** How many error messages are kept per tool. */
    public static final int TOP_MESSAGES = 3;

    private FailingTools() {
    }

    /** The {@code limit} tools of {@code tools} with failed calls, most failed first, ranked from 1. */
    public static List<FailingTool> rank(List<ToolReport> tools, int limit) {
        List<ToolReport> sorted = tools.stream().filter(t -> t.errors() > 0)
                .sorted(Comparator.comparingLong(ToolReport::errors).reversed()
                        .thenComparing(Comparator.comparingDouble((ToolReport t) -> t.summary().errorRate()).reversed())
                        .thenComparing(ToolReport::server).thenComparing(ToolReport::tool))
                .limit(limit).toList();
        List<FailingTool> out = new ArrayList<>(sorted.size());
        for (ToolReport t : sorted) {
            out.add(new FailingTool(out.size() + 1, t.server(), t.tool(), t.summary().totalCalls(), t.errors(),
                    t.summary().errorRate(), t.summary().errorsByOutcome(),
                    t.summary().topErrors().stream().limit(TOP_MESSAGES).toList()));
        }
        return out;
    }
}
