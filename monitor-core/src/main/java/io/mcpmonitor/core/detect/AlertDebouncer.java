package io.mcpmonitor.core.detect;

/**
 * Alert-fatigue guard: once an incident has been scored high, its following points are not
 * scored high again unless the incident clearly gets worse.
 *
 * <p>Contract: the guard tracks a decaying maximum {@code M} of the surprise (the detector's
 * unbounded raw statistic) of the points it let through, halving every {@code halfLifePoints}
 * points. While {@code M} is at or above {@code armSurprise} (an incident was reported recently),
 * a point whose surprise is below {@code escalation x M} has its score multiplied by
 * {@code damping}; any other point keeps its score. So the first point of an incident, and each
 * clear escalation, are reported; the points right after them are not. Damped points do not renew
 * the memory: an incident that goes on at the same strength is reported again once its last report
 * has faded below {@code 1 / escalation} of it, instead of being hidden for as long as it lasts
 * (the product merges the points of one incident into one anomaly, so this adds no notification).
 * The guard does not depend on where the caller puts its alert threshold. Scores are
 * dimensionless in [0,1].
 *
 * <p>Not thread-safe (single-threaded per series). No allocation.
 */
final class AlertDebouncer {
    private final double armSurprise;
    private final double decay;
    private final double damping;
    private final double escalation;
    private double decayingMax;

    AlertDebouncer(double armSurprise, int halfLifePoints, double damping, double escalation) {
        this.armSurprise = armSurprise;
        this.decay = Math.pow(0.5, 1.0 / Math.max(1, halfLifePoints));
        this.damping = damping;
        this.escalation = escalation;
    }

    void writeState(StateOut out) {
        out.f64(decayingMax);
    }

    void readState(StateIn in) {
        decayingMax = in.f64();
    }

    /** Filters one score; {@code surprise} is the statistic the score was derived from. */
    double filter(double score, double surprise) {
        boolean damped = decayingMax >= armSurprise && surprise < escalation * decayingMax;
        decayingMax = damped ? decayingMax * decay : Math.max(decayingMax * decay, surprise);
        return damped ? score * damping : score;
    }

    /** What {@link #filter} would return, without changing the guard. */
    double peek(double score, double surprise) {
        return decayingMax >= armSurprise && surprise < escalation * decayingMax ? score * damping : score;
    }

    /** True while a reported incident is recent enough to suppress repeats. */
    boolean quiet() {
        return decayingMax >= armSurprise;
    }
}
