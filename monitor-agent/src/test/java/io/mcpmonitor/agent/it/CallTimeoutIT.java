package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call that runs past the agent's {@code timeout} is counted as {@code timeout} while it still hangs
 * (visible in the store within a flush of the limit), and its late end is not counted again.
 */
class CallTimeoutIT {

    static final long HANG_MILLIS = 20_000;

    @Test
    void aHangingCallIsStoredAsTimeoutWhileItHangsAndCountedOnce() throws Exception {
        Path store = ItEnv.workDirectory("call-timeout");
        JavaCommand command = JavaCommand.jar(ItEnv.exampleServerJar()).agent("store=" + store + ",timeout=1s,flush=500ms");
        try (McpSession session = McpSession.stdio(command)) {
            session.callOk("echo", Map.of("text", "warm"));
            CompletableFuture<Object> hanging = CompletableFuture.supplyAsync(
                    () -> session.call("slow_query", Map.of("delayMs", HANG_MILLIS)));
            long seenTimeout = 0;
            while (!hanging.isDone()) {
                if (timeouts(store) > 0) {
                    seenTimeout = timeouts(store);
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(hanging.isDone()).as("the timeout is in the store before the call ends").isFalse();
            assertThat(seenTimeout).isEqualTo(1);
            hanging.get(McpSession.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS); // the host still answers
            session.callOk("echo", Map.of("text", "after"));
        }
        StoreContents contents = StoreContents.read(store);
        assertThat(contents.outcomes(ExampleServerStdioIT.SERVER, "slow_query")).isEqualTo(Map.of("timeout", 1L));
        assertThat(contents.maxMillis(ExampleServerStdioIT.SERVER, "slow_query")).as("counted at the limit, not the end")
                .isGreaterThanOrEqualTo(1_000).isLessThan(HANG_MILLIS);
        assertThat(contents.errors(ExampleServerStdioIT.SERVER, "slow_query"))
                .anyMatch(e -> e.outcome() == Outcome.TIMEOUT && e.example().contains("still running after 1000 ms"));
        assertThat(contents.outcomes(ExampleServerStdioIT.SERVER, "echo")).isEqualTo(Map.of("success", 2L));
    }

    /** Timeouts of slow_query stored so far; a line being written at that moment is read next time. */
    static long timeouts(Path store) {
        try {
            return StoreContents.read(store).outcomes(ExampleServerStdioIT.SERVER, "slow_query")
                    .getOrDefault("timeout", 0L);
        } catch (AssertionError torn) {
            return 0;
        }
    }
}
