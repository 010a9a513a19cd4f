package io.mcpmonitor.core.reliability;

/**
 * How hard the reliability suite pushes: the reduced form every build runs (a few rounds of each
 * scenario, well under a minute on a loaded machine), or the full form, {@code -Dreliability.full=true}
 * (the {@code reliability-full} Maven profile), with at least 20 kill -9 rounds of each kind.
 */
final class ReliabilityScale {

    static final boolean FULL = Boolean.getBoolean("reliability.full");

    private ReliabilityScale() {
    }

    /** Rounds of a kill -9 scenario. */
    static int killRounds() {
        return FULL ? 20 : 3;
    }
}
