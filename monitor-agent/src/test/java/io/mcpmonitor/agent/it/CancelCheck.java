package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.InFlightSnapshot;
import io.mcpmonitor.core.store.InFlightSnapshots;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One call the client gives up on: started, seen in flight in the agent's snapshot (so the handler runs),
 * cancelled with {@code notifications/cancelled}, then left to end late. The store must then hold it once,
 * as {@code cancelled}, shorter than the tool's time.
 */
final class CancelCheck {

    static final String REASON = "the test gave up";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    /** How long the call runs before the client gives up: its stored duration is at least this. */
    static final long RUN_BEFORE_CANCEL_MILLIS = 1_000;

    private CancelCheck() {
    }

    /** Makes the call and returns once the tool has ended (its late answer is in). */
    static void cancelWhileRunning(McpSession session, Path store, String server, String tool,
                                   Map<String, Object> arguments) throws Exception {
        long calledMillis = System.currentTimeMillis();
        long calledNanos = System.nanoTime();
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> session.call(tool, arguments));
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!runningSince(store, server, tool, calledMillis)) {
            assertThat(call.isDone()).as("%s seen in flight before it ended", tool).isFalse();
            assertThat(System.nanoTime()).as("%s in flight within %s", tool, PATIENCE).isLessThan(deadline);
            Thread.sleep(50);
        }
        long ranMillis = (System.nanoTime() - calledNanos) / 1_000_000;
        if (ranMillis < RUN_BEFORE_CANCEL_MILLIS) {
            Thread.sleep(RUN_BEFORE_CANCEL_MILLIS - ranMillis);
        }
        assertThat(call.isDone()).as("%s still running when cancelled", tool).isFalse();
        session.cancelLastToolCall(REASON);
        call.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS); // the SDK ignores the cancellation: the tool ends
    }

    /**
     * Whether a live snapshot shows a call of {@code tool} that started at {@code sinceMillis} or later: an
     * older snapshot may still show an earlier call of the same tool that has ended since.
     */
    private static boolean runningSince(Path store, String server, String tool, long sinceMillis) {
        for (InFlightSnapshot s : InFlightSnapshots.readLive(store, System.currentTimeMillis())) {
            for (InFlightSnapshot.Series c : s.calls()) {
                // 5 ms: the agent's start is a wall time derived from the monotonic clock, to the millisecond
                if (c.server().equals(server) && c.tool().equals(tool) && c.oldestStartMillis() >= sinceMillis - 5) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The store holds the call once, as cancelled, timed until the cancel (under {@code toolMillis}). */
    static void assertCancelledOnce(StoreContents contents, String server, String tool, long toolMillis) {
        assertThat(contents.outcomes(server, tool)).as("%s counted once, as cancelled", tool)
                .containsEntry("cancelled", 1L);
        assertThat(contents.errors(server, tool)).as("the client's reason")
                .anyMatch(e -> e.outcome() == Outcome.CANCELLED
                        && (e.example() == null ? e.message() : e.example()).contains(REASON));
        assertThat(contents.maxMillis(server, tool)).as("timed until the cancel, not the tool's end")
                .isGreaterThanOrEqualTo(RUN_BEFORE_CANCEL_MILLIS * 0.9).isLessThan(toolMillis); // the server starts a little later
    }
}
