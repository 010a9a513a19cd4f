package io.mcpmonitor.core.detect;

/**
 * Watches the error rate of one series (all errors, or one outcome class) as what it is: a count
 * of failures among a count of calls.
 *
 * <p><b>Model.</b> The usual error probability {@code p} is an exponentially weighted ratio of
 * errors to calls (half-life one day of minutes, with a weak prior of 0.1 %); each learned minute
 * contributes its errors clipped at three standard deviations above {@code p}, so an incident does
 * not teach itself as normal within minutes. Real error counts vary more than a binomial does
 * (errors cluster); the over-dispersion {@code phi} is the weighted mean of the minutes' Pearson
 * chi-square (at least 1), and every z is divided by {@code sqrt(phi)}.
 *
 * <p><b>Test.</b> Windows of the last 1, 3, 10 and 30 minutes, so a burst is seen in its first minute,
 * a smaller sustained rise within ten, and a tool called less than once a minute once half an hour
 * holds enough calls to judge (17 of 24 calls failing over 30 minutes is an incident, though no
 * 10 minutes of it reach the minimum calls). A window counts only with at least
 * {@code errorMinCalls} calls and {@code errorMinErrors} errors, and a rate at least
 * {@code errorMinIncrease} above and {@code errorMinFactor} times {@code p}. The signal shows the
 * window with the highest z (or the last 3 minutes). For {@code auto} the
 * window's signed-root binomial z must reach {@code errorZ}; the seed methods instead run their
 * detector on the minute's rate (percent) and need a z of 3 as a credibility check. An incident
 * continues while the last 3 minutes still pass the effect gates with a z of at least 2.
 *
 * <p>Not thread-safe: one per series and outcome class. Fixed memory (two rings of 30 counts).
 */
final class ErrorWatch {
    private static final int[] WINDOWS = {1, 3, 10, 30};
    private static final double DECAY = Math.pow(0.5, 1.0 / 1440);
    private static final double PRIOR_ERRORS = 0.1;
    private static final double PRIOR_CALLS = 100;
    private static final int WARMUP_MINUTES = 10;
    private static final double WARMUP_CALLS = 200;
    private static final double SEED_MIN_Z = 3.0;
    private static final double CONTINUE_Z = 2.0;

    private final String outcome;
    private final Gates gates;
    private final TransformedDetector seed;
    private final long[] ringErrors = new long[30];
    private final long[] ringCalls = new long[30];
    private int head;
    private double baseErrors;
    private double baseCalls;
    private double chi2Sum;
    private double chi2Weight;
    private double dispersion = 1.0;
    private long minutes;

    /** @param outcome the outcome class watched, or null for all errors together */
    ErrorWatch(String outcome, DetectionMethod method, Sensitivity sensitivity) {
        this.outcome = outcome;
        this.gates = Gates.of(sensitivity);
        this.seed = method == DetectionMethod.AUTO ? null
                : new TransformedDetector(method, sensitivity, TransformedDetector.Transform.IDENTITY);
    }

    /** Writes what was learned ({@code auto} only: the seed methods' detector is not checkpointed). */
    void writeState(StateOut out) {
        if (seed != null) {
            seed.writeState(out);
        }
        out.i64s(ringErrors).i64s(ringCalls).i32(head).f64(baseErrors).f64(baseCalls).f64(chi2Sum).f64(chi2Weight)
                .f64(dispersion).i64(minutes);
    }

    void readState(StateIn in) {
        if (seed != null) {
            seed.readState(in);
        }
        in.i64sExactly(ringErrors);
        in.i64sExactly(ringCalls);
        head = in.count(ringErrors.length - 1);
        baseErrors = in.f64();
        baseCalls = in.f64();
        chi2Sum = in.f64();
        chi2Weight = in.f64();
        dispersion = in.f64();
        minutes = in.i64();
    }

    /** Scores minute {@code errors} of {@code calls}, then learns it; null while warming up or without calls. */
    Signal observe(long minuteMillis, long errors, long calls) {
        Signal s = evaluate(minuteMillis, errors, calls, true);
        learn(errors, calls);
        return s;
    }

    /** Scores a minute that is not over yet, without learning it. */
    Signal peek(long minuteMillis, long errors, long calls) {
        return evaluate(minuteMillis, errors, calls, false);
    }

    double usualRate() {
        return (baseErrors + PRIOR_ERRORS) / (baseCalls + PRIOR_CALLS);
    }

    private Signal evaluate(long minuteMillis, long errors, long calls, boolean learnSeed) {
        boolean seedFired = false;
        if (seed != null && calls >= Gates.LEARN_MIN_CALLS) {
            double minuteRate = 100.0 * errors / calls;
            if (learnSeed) {
                seed.score(minuteMillis, minuteRate);
            } else {
                seed.peek(minuteMillis, minuteRate);
            }
            seedFired = seed.warm() && seed.fired();
        }
        if (calls == 0 || minutes < WARMUP_MINUTES || baseCalls < WARMUP_CALLS) {
            return null;
        }
        double p = usualRate();
        double root = Math.sqrt(dispersion);
        double bestZ = Double.NEGATIVE_INFINITY;
        long shownErrors = errors + sum(ringErrors, 2);
        long shownCalls = calls + sum(ringCalls, 2);
        boolean continues = passesEffect(shownErrors, shownCalls, p)
                && CountStats.binomialZ(shownErrors, shownCalls, p) / root >= CONTINUE_Z;
        for (int w : WINDOWS) {
            long k = errors + sum(ringErrors, w - 1);
            long n = calls + sum(ringCalls, w - 1);
            double z = CountStats.binomialZ(k, n, p) / root;
            if (passesEffect(k, n, p) && z > bestZ) {
                bestZ = z;
                shownErrors = k;
                shownCalls = n;
            }
        }
        double rate = (double) shownErrors / shownCalls;
        boolean opens;
        double confidence;
        if (seed == null) {
            opens = bestZ >= gates.errorZ();
            double u = Math.max(0, bestZ) / gates.errorZ();
            confidence = u * u / (u * u + 1);
        } else {
            opens = bestZ >= SEED_MIN_Z && seedFired;
            confidence = seedFired ? seed.confidence() : 0.0;
        }
        // the range of rates the shown window's call count would not flag, at the auto threshold
        double high = Math.max(p + gates.errorMinIncrease(), p * gates.errorMinFactor());
        high = Math.max(high, p + gates.errorZ() * root * Math.sqrt(p * (1 - p) / shownCalls));
        double deviation = (rate - p) / Math.max(high - p, 1e-12);
        double increase = rate - p;
        Severity severity = rate >= 0.25 || increase >= 0.20 ? Severity.CRITICAL
                : increase >= 0.05 ? Severity.WARNING : Severity.INFO;
        return new Signal(Metric.ERROR_RATE, minuteMillis, 100 * rate, 100 * p, 0.0, 100 * Math.min(1, high), deviation,
                confidence, shownCalls, rate >= p ? 1 : -1, opens, continues || opens, severity, outcome);
    }

    private boolean passesEffect(long k, long n, double p) {
        if (n < gates.errorMinCalls() || k < gates.errorMinErrors()) {
            return false;
        }
        double r = (double) k / n;
        return r - p >= gates.errorMinIncrease() && r >= p * gates.errorMinFactor();
    }

    private void learn(long errors, long calls) {
        if (calls > 0) {
            double p = usualRate();
            double sd = Math.sqrt(dispersion * calls * p * (1 - p));
            double clipped = Math.min(errors, calls * p + 3 * sd + 1);
            baseErrors = baseErrors * DECAY + clipped;
            baseCalls = baseCalls * DECAY + calls;
            // Pearson chi-square of the minute, clipped so an incident cannot make everything look noisy;
            // a prior of an hour of chi-square 1 keeps the first minutes from deciding alone
            double chi2 = Math.min(25, Math.pow(errors - calls * p, 2) / Math.max(calls * p * (1 - p), 1e-9));
            chi2Sum = chi2Sum * DECAY + chi2;
            chi2Weight = chi2Weight * DECAY + 1;
            dispersion = Math.max(1.0, (chi2Sum + 60) / (chi2Weight + 60));
            minutes++;
        }
        head = (head + 1) % ringErrors.length;
        ringErrors[head] = errors;
        ringCalls[head] = calls;
    }

    /** Sum of the last {@code count} learned minutes (count < ring length). */
    private long sum(long[] ring, int count) {
        long s = 0;
        for (int i = 0; i < count; i++) {
            s += ring[(head - i + ring.length) % ring.length];
        }
        return s;
    }
}
