package io.mcpmonitor.core.deploy;

import java.util.List;

/**
 * The judge's answer: the overall verdict (the worst judged tool; {@code not_enough_data} only when
 * no tool could be judged), the share of judged tools that passed (0..100, NaN when none), the
 * thresholds used, and every tool's verdict by name.
 */
public record Comparison(Verdict overall, double scorePercent, JudgeThresholds thresholds, List<ToolVerdict> tools) {

    public Comparison {
        tools = List.copyOf(tools);
    }
}
