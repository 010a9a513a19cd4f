package io.mcpmonitor.agent.it;

import io.mcpmonitor.testkit.ChildProcess;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code include=} for frameworks not built on the SDK: a method pattern and an annotation name select methods
 * of a plain Java host; each is timed as a tool named after the method, or after the annotation's name. The
 * host exits normally right after its last call: the final flush stores every call.
 */
class IncludeIT {

    static final int ROUNDS = 4;

    @Test
    void methodPatternsAndAnnotationsAreTimedAsTools() throws Exception {
        Path classes = ItEnv.compileFixtures(List.of(), "fixtures-include");
        Path store = ItEnv.workDirectory("include");
        JavaCommand command = JavaCommand.mainClass(List.of(classes), "fixture.include.IncludeHost",
                String.valueOf(ROUNDS))
                .agent("server=include-host,store=" + store + ",include=fixture.include.Tools#*;fixture.include.McpTool");
        try (ChildProcess host = ChildProcess.start(command.command(), command.env())) {
            assertThat(host.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(host.stdout()).isEmpty();
            AgentOutput.assertNoWarnings(host.stderr());
        }

        StoreContents contents = StoreContents.read(store);
        long n = ROUNDS;
        assertThat(contents.servers()).containsExactly("include-host");
        // normalise() is called by search(): nested, so not a tool call of its own; helper() is not annotated.
        assertThat(contents.tools("include-host"))
                .containsExactlyInAnyOrder("search", "explode", "later", "lookup_customer", "status");
        assertThat(contents.outcomes("include-host", "search")).isEqualTo(Map.of("success", n));
        assertThat(contents.minMillis("include-host", "search")).isGreaterThanOrEqualTo(30 * 0.99);
        assertThat(contents.outcomes("include-host", "explode")).isEqualTo(Map.of("exception", n));
        assertThat(contents.errors("include-host", "explode"))
                .anyMatch(e -> e.errorType().equals("java.lang.IllegalArgumentException"));
        // A CompletionStage is timed until it completes.
        assertThat(contents.outcomes("include-host", "later")).isEqualTo(Map.of("success", n));
        assertThat(contents.minMillis("include-host", "later")).isGreaterThanOrEqualTo(50 * 0.99);
        assertThat(contents.outcomes("include-host", "lookup_customer")).isEqualTo(Map.of("success", n));
        // status() returns an object whose isError() is true.
        assertThat(contents.outcomes("include-host", "status")).isEqualTo(Map.of("tool_error", n));
    }
}
