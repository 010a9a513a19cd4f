package io.mcpmonitor.examples.server;

import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Draws the random numbers that decide whether a {@code flaky} call fails.
 *
 * <p>Thread-safe. Without a seed every draw is independent. With a seed, the calls that pass the same seed
 * share one sequence, so the n-th call with seed 42 draws the same value in every fresh server process.
 * At most {@link #MAX_SEQUENCES} seeded sequences are kept; calls with further seeds draw the first value
 * of their sequence each time.
 *
 * <pre>{@code
 * boolean failed = outcomes.draw(Optional.of(42L)) < failureRate;
 * }</pre>
 */
final class FlakyOutcomes {

    static final int MAX_SEQUENCES = 1_024;

    // java.util.Random is itself thread-safe; the map only has to hand out one instance per seed.
    private final ConcurrentMap<Long, Random> sequencesBySeed = new ConcurrentHashMap<>();

    /** Returns a value in [0, 1): {@code draw < failureRate} fails, so rate 0 never fails and 1 always. */
    double draw(Optional<Long> seed) {
        if (seed.isEmpty()) {
            return ThreadLocalRandom.current().nextDouble();
        }
        Random sequence = sequencesBySeed.get(seed.get());
        if (sequence == null) {
            if (sequencesBySeed.size() >= MAX_SEQUENCES) {
                return new Random(seed.get()).nextDouble();
            }
            sequence = sequencesBySeed.computeIfAbsent(seed.get(), Random::new);
        }
        return sequence.nextDouble();
    }
}
