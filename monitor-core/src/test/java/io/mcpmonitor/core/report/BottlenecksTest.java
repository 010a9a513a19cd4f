package io.mcpmonitor.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.query.Summary;
import io.mcpmonitor.core.query.Trend;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.ErrorCount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BottlenecksTest {

    static ToolReport tool(String server, String tool, long calls, double p95, long errors) {
        Map<String, Long> byOutcome = errors == 0 ? Map.of() : Map.of("tool_error", errors);
        List<ErrorCount> top = errors == 0 ? List.of()
                : List.of(new ErrorCount(Outcome.TOOL_ERROR, "tool_error", "m1", errors - errors / 2),
                        new ErrorCount(Outcome.TOOL_ERROR, "tool_error", "m2", errors / 2),
                        new ErrorCount(Outcome.TOOL_ERROR, "tool_error", "m3", 0),
                        new ErrorCount(Outcome.TOOL_ERROR, "tool_error", "m4", 0));
        Summary s = new Summary(calls, p95 / 2, p95 / 2, p95, p95, 1, p95 * 2, calls == 0 ? 0 : 100.0 * errors / calls,
                byOutcome, top);
        Summary none = new Summary(0, 0, 0, 0, 0, 0, 0, 0, Map.of(), List.of());
        return new ToolReport(server, tool, s, new Trend(Instant.EPOCH, Instant.EPOCH, none, Double.NaN, Double.NaN,
                Double.NaN, 0, "no_data"));
    }

    @Test
    void ranksByP95TimesCallsSoVolumeWeighsAsMuchAsTheTail() {
        List<Bottleneck> ranked = Bottlenecks.rank(List.of(
                tool("s", "rare-but-slow", 10, 5_000, 0),         // 50 s
                tool("s", "busy-and-fast", 10_000, 50, 0),        // 500 s
                tool("s", "middling", 100, 500, 0),                // 50 s, lower p95 than rare-but-slow
                tool("s", "idle", 0, 0, 0)), 10);
        assertThat(ranked).extracting(Bottleneck::tool).containsExactly("busy-and-fast", "rare-but-slow", "middling");
        assertThat(ranked).extracting(Bottleneck::rank).containsExactly(1, 2, 3);
        assertThat(ranked).extracting(Bottleneck::impactSeconds).containsExactly(500.0, 50.0, 50.0);
        assertThat(ranked).extracting(Bottleneck::sharePercent).containsExactly(83.333, 8.333, 8.333);
        assertThat(Bottlenecks.impactSeconds(250, 4)).isEqualTo(1.0);
    }

    @Test
    void breaksTiesByNameAndKeepsTheTopOnes() {
        List<Bottleneck> ranked = Bottlenecks.rank(List.of(tool("b", "t", 10, 100, 0), tool("a", "z", 10, 100, 0),
                tool("a", "y", 10, 100, 0), tool("c", "x", 1, 1, 0)), 2);
        assertThat(ranked).extracting(b -> b.server() + "/" + b.tool()).containsExactly("a/y", "a/z");
    }

    @Test
    void failingToolsAreRankedByFailedCallsThenRateWithTheirTopThreeMessages() {
        List<FailingTool> ranked = FailingTools.rank(List.of(tool("s", "few", 10, 1, 5), tool("s", "many", 1000, 1, 50),
                tool("s", "same-count-lower-rate", 2000, 1, 50), tool("s", "fine", 1000, 1, 0)), 10);
        assertThat(ranked).extracting(FailingTool::tool).containsExactly("many", "same-count-lower-rate", "few");
        assertThat(ranked.get(0).errors()).isEqualTo(50);
        assertThat(ranked.get(0).topErrors()).extracting(ErrorCount::message).containsExactly("m1", "m2", "m3");
    }
}
