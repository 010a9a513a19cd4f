package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Background work steps aside for questions, within bounds, on a clock the test moves. */
class ForegroundGateTest {

    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final ForegroundGate gate = new ForegroundGate(clock::get);

    @Test
    void backgroundWorkWaitsWhileAQuestionIsAnswered() throws Exception {
        gate.yieldToForeground(); // nothing in progress: at once
        StoreReader.Foreground question = gate.enter();
        CompletableFuture<Void> background = CompletableFuture.runAsync(gate::yieldToForeground);
        Thread.sleep(300);
        assertThat(background).as("still waiting: the clock has not moved, the question is open").isNotDone();
        question.close();
        background.get(60, TimeUnit.SECONDS);
        question.close(); // twice: harmless
        assertThat(gate.inProgress()).isZero();
    }

    @Test
    void aStreamOfQuestionsSlowsBackgroundWorkWithoutStoppingIt() throws Exception {
        gate.enter(); // never closed
        long from = clock.get();
        CompletableFuture<Void> background = CompletableFuture.runAsync(gate::yieldToForeground);
        assertThat(advanceUntilDone(background, 100) - from).isGreaterThanOrEqualTo(ForegroundGate.MAX_YIELD_MILLIS * MS);
    }

    @Test
    void compactionWaitsForAQuietSpellOrItsLongestWait() throws Exception {
        assertThat(gate.awaitQuiet(30_000, 0)).as("no quiet yet: the gate was just made").isFalse();
        clock.addAndGet(30_000 * MS);
        assertThat(gate.awaitQuiet(30_000, 0)).isTrue();

        gate.enter().close(); // a question just ended
        long ended = clock.get();
        CompletableFuture<Boolean> quiet = CompletableFuture.supplyAsync(() -> gate.awaitQuiet(30_000, 600_000));
        assertThat(advanceUntilDone(quiet, 1_000) - ended).isBetween(30_000 * MS, 600_000 * MS);
        assertThat(quiet.get()).isTrue();

        gate.enter(); // questions all along
        long from = clock.get();
        CompletableFuture<Boolean> busy = CompletableFuture.supplyAsync(() -> gate.awaitQuiet(30_000, 600_000));
        assertThat(advanceUntilDone(busy, 10_000) - from).isGreaterThanOrEqualTo(600_000 * MS);
        assertThat(busy.get()).as("the longest wait ran out").isFalse();
    }

    /** Moves the clock {@code stepMillis} at a time until {@code f} is done; returns the clock then. */
    private long advanceUntilDone(CompletableFuture<?> f, long stepMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!f.isDone() && System.nanoTime() < deadline) {
            clock.addAndGet(stepMillis * MS);
            Thread.sleep(15);
        }
        f.get(1, TimeUnit.SECONDS);
        return clock.get();
    }
}
