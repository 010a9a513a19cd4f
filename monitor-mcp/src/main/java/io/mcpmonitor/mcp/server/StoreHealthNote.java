package io.mcpmonitor.mcp.server;

import io.mcpmonitor.core.store.ReadStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells the reader of an answer that the store had damage the answer leaves out: a
 * {@code storeHealth} object in the structured content (skipped lines, damaged files, the first
 * problems by file and line) and one sentence at the end of the text. A healthy store adds nothing,
 * so answers stay as they were. Stateless.
 */
public final class StoreHealthNote {

    /** Problems listed in an answer at most; the count says how many there were. */
    static final int MAX_PROBLEMS = 5;

    private StoreHealthNote() {
    }

    /** {@code answer} with the health of {@code stats} added when anything was skipped. */
    public static ToolAnswer attach(ToolAnswer answer, ReadStats stats) {
        if (stats.healthy()) {
            return answer;
        }
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("skippedLines", stats.skippedLines());
        health.put("tornLines", stats.tornLines());
        health.put("malformedLines", stats.malformedLines());
        health.put("damagedFiles", stats.damagedFiles());
        health.put("filesRead", stats.files());
        if (stats.pastRetentionCalls() > 0) {
            health.put("pastRetentionCalls", stats.pastRetentionCalls());
        }
        health.put("problems", stats.problems().subList(0, Math.min(MAX_PROBLEMS, stats.problems().size())));
        Map<String, Object> structured = new LinkedHashMap<>(answer.structured());
        structured.put("storeHealth", health);
        String text = answer.text();
        return new ToolAnswer(structured, (text.endsWith("\n") || text.isEmpty() ? text : text + "\n") + stats.healthNote());
    }
}
