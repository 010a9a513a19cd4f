package io.mcpmonitor.core.detect;

/**
 * Puts a detector statistic on a common scale: how many times larger its magnitude is than the
 * {@code quantile} of its own past magnitudes.
 *
 * <p>Statistics differ in tails (spiky traffic, autocorrelated temperatures); dividing by the
 * statistic's own high quantile makes "3" mean "three times what this series usually produces"
 * on every series and every statistic. The history is a {@link DecayingLogHistogram} with a
 * half-life of {@code halfLifePoints}, so the memory is long (days) in constant space. The
 * quantile is bounded below by {@code floor} (in the statistic's unit, standard deviations for
 * z-like statistics) so a series that never moved does not turn the first wiggle into an
 * infinite surprise. A high quantile estimated from few values is mostly luck, so the history
 * carries a prior of {@code priorPoints} ordinary values (below the floor) besides the {@code n}
 * real ones: the reference is the magnitude exceeded by {@code (1 - quantile) (n + priorPoints)}
 * of the real values. Without it two short bursts in the first few hundred points become "what
 * this series usually does" and hide every later incident smaller than them for days; with it a
 * magnitude is expected only once it has occurred a few times more than the quantile alone allows.
 * The prior fades with the history's half-life, as if its values had come before the first real one. While
 * {@code n < priorPoints} the floor is also raised by {@code sqrt(priorPoints / n)}: the error of
 * a quantile shrinks like {@code 1 / sqrt(n)}, and an unremarkable draw of the first days must not
 * score like an incident that comes later. {@link #surprise} reads the history before adding the
 * current value.
 *
 * <p>Not thread-safe (single-threaded per series). Memory: 96 doubles; no allocation per point.
 */
final class TailCalibrator {
    private final DecayingLogHistogram magnitudes;
    private final double quantile;
    private final double floor;
    private final double priorPoints;

    TailCalibrator(int halfLifePoints, double quantile, double floor) {
        this(halfLifePoints, quantile, floor, 0);
    }

    /** @param priorPoints weight of the prior of ordinary values, and the history weight below which the floor is raised (0 = neither) */
    TailCalibrator(int halfLifePoints, double quantile, double floor, double priorPoints) {
        magnitudes = new DecayingLogHistogram(1e-3, 6, 16, halfLifePoints);
        this.quantile = quantile;
        this.floor = floor;
        this.priorPoints = priorPoints;
    }

    void writeState(StateOut out) {
        magnitudes.writeState(out);
    }

    void readState(StateIn in) {
        magnitudes.readState(in);
    }

    /** Surprise of {@code statistic} relative to history (>= 0), then learns it. */
    double surprise(double statistic) {
        double m = Math.abs(statistic);
        double ref = reference();
        magnitudes.add(m);
        return m / ref;
    }

    /** The magnitude that is "surprise 1" now: the history's quantile, at least the floor. Read-only. */
    double reference() {
        double n = magnitudes.weight();
        double f = n < priorPoints ? floor * Math.sqrt(priorPoints / Math.max(n, 1)) : floor;
        if (n <= 0) {
            return f;
        }
        // the real values' quantile that leaves (1 - quantile) (n + prior) of them above it
        double q = 1 - (1 - quantile) * (n + priorPoints * magnitudes.startWeight()) / n;
        return q <= 0 ? f : Math.max(magnitudes.quantile(q), f);
    }
}
