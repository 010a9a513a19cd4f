package io.mcpmonitor.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waiting for what a real process does in its own time: reads a value every so often until it satisfies a
 * condition, up to a deadline set for a loaded machine (see {@link Patience}), so a test never sleeps a
 * fixed time in the hope that it is enough. Stateless.
 */
public final class Poll {

    private Poll() {
    }

    /**
     * Reads {@code read} every {@code every} until {@code done} holds, and returns that value; reads at least once.
     *
     * @throws AssertionError {@code "WHAT: not within WITHIN; last: VALUE"} when {@code within} passes first
     */
    public static <T> T until(String what, Duration within, Duration every, Callable<T> read, Predicate<T> done)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T last = read.call();
            if (done.test(last)) {
                return last;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + within + "; last: " + last);
            }
            Thread.sleep(every.toMillis());
        }
    }

    /**
     * Checks {@code condition} every {@code every} until it holds.
     *
     * @throws AssertionError {@code "WHAT: not within WITHIN"} when {@code within} passes first
     */
    public static void until(String what, Duration within, Duration every, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not within " + within);
            }
            Thread.sleep(every.toMillis());
        }
    }
}
