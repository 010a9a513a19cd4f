package io.mcpmonitor.mcp.notify;

import java.time.Duration;

/**
 * How often and how patiently a channel retries one notification: up to {@code maxAttempts} sends, waiting
 * {@code initialBackoff}, then twice as long each time, never more than {@code maxBackoff}. Immutable.
 *
 * <pre>{@code
 * RetryPolicy.DEFAULT.backoffAfter(1)   // 1 s after the first failed attempt, then 2 s, 4 s, 8 s, 16 s
 * }</pre>
 *
 * @param maxAttempts    sends per notification including the first, at least 1
 * @param initialBackoff wait after the first failure, positive
 * @param maxBackoff     cap of any wait, at least {@code initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** 6 attempts, 1 s doubling up to 30 s: about 31 s of trying before a notification is given up. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff: must be positive, was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff: must be at least initialBackoff (" + initialBackoff + "), was "
                    + maxBackoff);
        }
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
