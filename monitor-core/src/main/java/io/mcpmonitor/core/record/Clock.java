package io.mcpmonitor.core.record;

/**
 * The two time sources the recorder needs, kept apart as Micrometer's clock does: wall time
 * (milliseconds since the epoch) stamps data, monotonic time (nanoseconds, arbitrary origin)
 * measures durations. Never measure a duration with wall time.
 *
 * <p>Implementations must be thread-safe. {@link #SYSTEM} reads {@link System#currentTimeMillis()}
 * and {@link System#nanoTime()}; tests pass a manual clock.
 */
public interface Clock {

    /** Milliseconds since the epoch, for timestamps. */
    long wallMillis();

    /** Nanoseconds from an arbitrary origin, for durations only. */
    long monotonicNanos();

    /** The system clock. */
    Clock SYSTEM = new Clock() {
        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }
    };
}
