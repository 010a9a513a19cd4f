package io.mcpmonitor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.ErrorCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainerTest {

    @Test
    void messagesThatDifferOnlyByNumbersAddUp() {
        List<ErrorCount> top = Explainer.byShape(List.of(
                new ErrorCount(Outcome.TOOL_ERROR, "tool_error", "flaky failed (draw 0.0085 < failureRate 0.6)", 1),
                new ErrorCount(Outcome.TOOL_ERROR, "tool_error", "flaky failed (draw 0.3 < failureRate 0.6)", 2),
                new ErrorCount(Outcome.EXCEPTION, "java.io.IOException", "connection reset", 2),
                new ErrorCount(Outcome.TOOL_ERROR, "tool_error", "order 12345 not found", 1)), 2);
        assertThat(top).extracting(ErrorCount::message, ErrorCount::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("flaky failed (draw # < failureRate #)", 3L),
                org.assertj.core.groups.Tuple.tuple("connection reset", 2L));
    }
}
