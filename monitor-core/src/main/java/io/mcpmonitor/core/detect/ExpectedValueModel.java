package io.mcpmonitor.core.detect;

import java.util.Arrays;

/**
 * What a series should look like at a given time: its robust level, plus its daily (or weekly)
 * shape once enough periods were seen and that shape actually predicts better.
 *
 * <p>Several predictors run side by side. The <em>level</em> predictor is the median of the last
 * {@code levelWindow} values (a whole number of days when the cadence allows, so the daily cycle
 * cancels out). Each <em>seasonal</em> predictor adds its {@link SeasonalProfile} offset for the
 * current phase (profiles in order of increasing period: day, then week). Every predictor keeps
 * its own robust residual scale and an exponentially weighted absolute error; {@link #prepare}
 * moves to a longer-period predictor only when its error is below
 * {@value #SEASONAL_ADVANTAGE} times that of the one chosen so far. Call {@link #prepare}
 * (read-only), use {@link #expected()} / {@link #sigma()}, then {@link #learn}.
 *
 * <p>Values in the series' unit. Not thread-safe (single-threaded per series). Memory: one
 * {@link SortedWindow} for the level, one {@link RobustScale} per predictor and the profiles,
 * all allocated in the constructor; no allocation per point.
 */
final class ExpectedValueModel {
    /** A seasonal predictor's error must be below this fraction of the simpler one's. */
    static final double SEASONAL_ADVANTAGE = 0.8;
    private static final int MIN_RESIDUALS = 50;
    private final SortedWindow level;
    private final SeasonalProfile[] profiles;
    private final RobustScale[] residuals; // [0] level, [k+1] profile k
    private final double[] errors;
    private final double[] offsets;
    private final double errRate;
    // values computed by prepare()
    private double currentLevel;
    private int chosen;

    /**
     * @param levelWindow values in the level median
     * @param scaleWindow residuals in each robust scale
     * @param profiles seasonal profiles by increasing period; empty when the cadence allows none
     * @param errMemoryPoints memory of the predictor-selection error averages, in points
     */
    ExpectedValueModel(int levelWindow, int scaleWindow, SeasonalProfile[] profiles, int errMemoryPoints) {
        this.level = new SortedWindow(levelWindow);
        this.profiles = profiles.clone();
        this.residuals = new RobustScale[profiles.length + 1];
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = new RobustScale(scaleWindow);
        }
        this.errors = new double[profiles.length + 1];
        Arrays.fill(errors, Double.NaN);
        this.offsets = new double[profiles.length + 1];
        this.errRate = 2.0 / (errMemoryPoints + 1);
    }

    void writeState(StateOut out) {
        level.writeState(out);
        for (SeasonalProfile p : profiles) {
            p.writeState(out);
        }
        for (RobustScale r : residuals) {
            r.writeState(out);
        }
        out.f64s(errors).f64s(offsets).f64(currentLevel).i32(chosen);
    }

    /** Restores what {@link #writeState} wrote into a model built with the same sizes. */
    void readState(StateIn in) {
        level.readState(in);
        for (SeasonalProfile p : profiles) {
            p.readState(in);
        }
        for (RobustScale r : residuals) {
            r.readState(in);
        }
        in.f64sExactly(errors);
        in.f64sExactly(offsets);
        currentLevel = in.f64();
        chosen = in.count(profiles.length);
    }

    /** Computes the expectation for time {@code epochMillis} from history only. */
    void prepare(long epochMillis) {
        currentLevel = level.median();
        chosen = 0;
        offsets[0] = 0.0;
        for (int k = 0; k < profiles.length; k++) {
            int p = k + 1;
            offsets[p] = profiles[k].expectedOffset(epochMillis);
            if (!Double.isNaN(offsets[p]) && !Double.isNaN(errors[p])
                    && residuals[p].size() >= MIN_RESIDUALS
                    && errors[p] < SEASONAL_ADVANTAGE * errors[chosen]) {
                chosen = p;
            }
        }
    }

    int size() {
        return level.size();
    }

    double expected() {
        return currentLevel + offsets[chosen];
    }

    /** 0 for the plain level, k for the k-th seasonal profile. */
    int predictorInUse() {
        return chosen;
    }

    /** Robust residual scale of the predictor in use; never below a small value-relative floor. */
    double sigma() {
        double floor = 1e-3 * level.iqrSigma() + 1e-9 * Math.abs(currentLevel) + 1e-12;
        return residuals[chosen].sigma(floor);
    }

    /** Learns the observed value at {@code epochMillis}; call after {@link #prepare}. */
    void learn(long epochMillis, double value) {
        if (level.size() > 0) {
            double offset = value - currentLevel;
            for (int p = 0; p < residuals.length; p++) {
                if (!Double.isNaN(offsets[p])) {
                    double r = offset - offsets[p];
                    residuals[p].add(r);
                    errors[p] = Double.isNaN(errors[p]) ? Math.abs(r) : errors[p] + errRate * (Math.abs(r) - errors[p]);
                }
            }
            for (SeasonalProfile profile : profiles) {
                profile.learn(epochMillis, offset);
            }
        }
        level.add(value);
    }
}
