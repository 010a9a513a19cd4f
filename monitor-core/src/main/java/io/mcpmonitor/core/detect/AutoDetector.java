package io.mcpmonitor.core.detect;

/**
 * The {@code auto} detector: robust, daily- and weekly-pattern aware, sees spikes, jumps and
 * level shifts, and reports each incident once.
 *
 * <p><b>Contract</b> (see {@link AnomalyDetector}): streaming, no look-ahead; score 0.5 is the
 * alert point at every sensitivity. Units: {@code epochMillis} milliseconds since the epoch (the
 * phase of day and week is taken in UTC); values in any unit. Not thread-safe: one instance per
 * series, one thread at a time. Memory is bounded (about 175 KB for per-minute data, less for
 * coarser data), allocated once the sampling interval is known (after 10 points); no allocation
 * per point afterwards. Non-finite values score 0 and are not learned. Cost: a few microseconds
 * per point (array shifts of at most 1440 doubles).
 *
 * <p><b>Pipeline per point</b> (history only, then learn the point):
 * <ol>
 *   <li>{@link ExpectedValueModel}: expected value = rolling median level, plus the time-of-day
 *       (after 2 days) or time-of-week (after 2 weeks) offset when that predicts clearly better.</li>
 *   <li>z = (value - expected) / robust residual scale ({@link RobustScale}).</li>
 *   <li>Channels: the point z (spikes, drops); the z of the step of the residual from the
 *       previous point (sudden jumps in smooth series); a fast and a slow
 *       {@link ShiftStatistic} (small sustained level shifts); the z against a slow
 *       {@link Ewma} baseline that knows no daily pattern (recurring events the profile has
 *       learned to expect, and long incidents the rolling median has absorbed).</li>
 *   <li>Each channel is divided by its own long-memory 99th percentile ({@link TailCalibrator},
 *       which starts from a fading prior of 200 ordinary values, so a few early bursts do not
 *       become the norm);
 *       the largest ratio is the surprise {@code u} ("u times what this series usually does").</li>
 *   <li>score = u^s / (u^s + h^s), h = {@link AutoConfig#halfSurprise} (2.5 / 2.0 / 1.6 for
 *       low / medium / high sensitivity), so score 0.5 is the alert point at every sensitivity.</li>
 *   <li>{@link AlertDebouncer}: one report per incident, clear escalations excepted; its memory
 *       is short (half-life 60 points, damping 0.5) and renewed only by the points it reports, so
 *       an incident that goes on, or the next one an hour later, still scores high.</li>
 * </ol>
 * The bounds are those of the point channel: {@code expected -/+ h * reference * scale}.
 */
final class AutoDetector implements AnomalyDetector {
    private static final int MIN_HISTORY = 10;
    private final AutoConfig cfg;
    private final SamplingCadence cadence = new SamplingCadence();
    private final long[] pendingMillis = new long[SamplingCadence.PROBE + 1];
    private final double[] pendingValues = new double[SamplingCadence.PROBE + 1];
    private int pending;
    private ExpectedValueModel model;
    private RobustScale stepScale;
    private ShiftStatistic fastShift;
    private ShiftStatistic slowShift;
    private TailCalibrator spikeCal;
    private TailCalibrator stepCal;
    private TailCalibrator fastCal;
    private TailCalibrator slowCal;
    private TailCalibrator ewmaCal;
    private final Ewma ewma = new Ewma();
    private AlertDebouncer debouncer;
    private double previousResidual = Double.NaN;
    private long seen;
    // what the last scored or peeked point was compared with
    private double expected = Double.NaN;
    private double halfWidth = Double.NaN;

    AutoDetector(Sensitivity sensitivity) {
        this(AutoConfig.defaults(sensitivity));
    }

    AutoDetector(AutoConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public double alertThreshold() {
        return AutoConfig.ALERT_THRESHOLD;
    }

    @Override
    public double expected() {
        return expected;
    }

    @Override
    public double lowerBound() {
        return expected - halfWidth;
    }

    @Override
    public double upperBound() {
        return expected + halfWidth;
    }

    @Override
    public double score(long epochMillis, double value) {
        if (!Double.isFinite(value)) {
            expected = Double.NaN;
            return 0.0;
        }
        cadence.observe(epochMillis);
        if (model != null) {
            return evaluate(epochMillis, value);
        }
        // until the cadence is known, buffer the first points, then replay them
        if (pending < pendingValues.length) {
            pendingMillis[pending] = epochMillis;
            pendingValues[pending++] = value;
        }
        if (cadence.isKnown()) {
            build(cadence.pointsPerDay());
            for (int i = 0; i < pending; i++) {
                evaluate(pendingMillis[i], pendingValues[i]);
            }
        }
        expected = Double.NaN;
        return 0.0;
    }

    @Override
    public double peek(long epochMillis, double value) {
        expected = Double.NaN;
        if (!Double.isFinite(value) || model == null) {
            return 0.0;
        }
        model.prepare(epochMillis); // only recomputes the transient expectation
        if (model.size() < MIN_HISTORY) {
            return 0.0;
        }
        double residual = value - model.expected();
        double sigma = model.sigma();
        double z = residual / sigma;
        remember(sigma);
        double surprise = Math.abs(z) / spikeCal.reference();
        surprise = Math.max(surprise, Math.abs(fastShift.peek(z)) / fastCal.reference());
        surprise = Math.max(surprise, Math.abs(slowShift.peek(z)) / slowCal.reference());
        if (cfg.ewmaRate > 0 && ewma.ready()) {
            surprise = Math.max(surprise, cfg.ewmaWeight * Math.abs(ewma.z(value, sigma * 1e-3)) / ewmaCal.reference());
        }
        if (!Double.isNaN(previousResidual)) {
            double step = (residual - previousResidual) / stepScale.sigma(sigma * 1e-3);
            surprise = Math.max(surprise, Math.abs(step) / stepCal.reference());
        }
        if (seen + 1 <= cfg.warmupPoints) {
            return 0.0;
        }
        return debouncer.peek(toScore(surprise), surprise);
    }

    /** Writes everything learned so far; the configuration is not written (the checkpoint's key covers it). */
    void writeState(StateOut out) {
        cadence.writeState(out);
        out.i64s(pendingMillis).f64s(pendingValues).i32(pending).bool(model != null);
        if (model != null) {
            model.writeState(out);
            stepScale.writeState(out);
            fastShift.writeState(out);
            slowShift.writeState(out);
            for (TailCalibrator c : calibrators()) {
                c.writeState(out);
            }
            debouncer.writeState(out);
        }
        ewma.writeState(out);
        out.f64(previousResidual).i64(seen).f64(expected).f64(halfWidth);
    }

    /** Restores what {@link #writeState} wrote into a new detector of the same configuration. */
    void readState(StateIn in) {
        cadence.readState(in);
        in.i64sExactly(pendingMillis);
        in.f64sExactly(pendingValues);
        pending = in.count(pendingValues.length);
        if (in.bool()) {
            if (!cadence.isKnown()) {
                throw new StateIn.Damaged("a built detector without a cadence");
            }
            build(cadence.pointsPerDay());
            model.readState(in);
            stepScale.readState(in);
            fastShift.readState(in);
            slowShift.readState(in);
            for (TailCalibrator c : calibrators()) {
                c.readState(in);
            }
            debouncer.readState(in);
        }
        ewma.readState(in);
        previousResidual = in.f64();
        seen = in.i64();
        expected = in.f64();
        halfWidth = in.f64();
    }

    private TailCalibrator[] calibrators() {
        return new TailCalibrator[] {spikeCal, stepCal, fastCal, slowCal, ewmaCal};
    }

    private void build(int pointsPerDay) {
        boolean periodic = pointsPerDay >= 12 && pointsPerDay <= 4 * 1440;
        int levelWindow = cfg.levelPoints;
        SeasonalProfile[] profiles = new SeasonalProfile[0];
        if (periodic) {
            int days = (cfg.levelPoints + pointsPerDay - 1) / pointsPerDay;
            levelWindow = Math.min(cfg.maxLevelPoints, days * pointsPerDay);
            int perWeek = 7 * pointsPerDay;
            profiles = new SeasonalProfile[] {
                new SeasonalProfile(SamplingCadence.DAY_MILLIS, Math.min(cfg.maxDailySlots, pointsPerDay),
                        pointsPerDay, cfg.profileMinDays, cfg.profileMemoryDays),
                new SeasonalProfile(7 * SamplingCadence.DAY_MILLIS, Math.min(cfg.weeklySlots, perWeek),
                        perWeek, cfg.profileMinWeeks, cfg.profileMemoryWeeks)};
        }
        int scaleWindow = Math.min(levelWindow, cfg.maxScalePoints);
        model = new ExpectedValueModel(levelWindow, scaleWindow, profiles, periodic ? pointsPerDay : levelWindow);
        stepScale = new RobustScale(scaleWindow);
        fastShift = new ShiftStatistic(cfg.fastShiftRate, cfg.shiftClip);
        slowShift = new ShiftStatistic(cfg.slowShiftRate, cfg.shiftClip);
        spikeCal = new TailCalibrator(cfg.calHalfLifePoints, cfg.calQuantile, cfg.calFloor, cfg.calPriorPoints);
        stepCal = new TailCalibrator(cfg.calHalfLifePoints, cfg.calQuantile, cfg.calFloor, cfg.calPriorPoints);
        fastCal = new TailCalibrator(cfg.calHalfLifePoints, cfg.calQuantile, cfg.calFloor, cfg.calPriorPoints);
        slowCal = new TailCalibrator(cfg.calHalfLifePoints, cfg.calQuantile, cfg.calFloor, cfg.calPriorPoints);
        ewmaCal = new TailCalibrator(cfg.calHalfLifePoints, cfg.calQuantile, cfg.calFloor, cfg.calPriorPoints);
        int quiet = Math.max(cfg.minQuietPoints, (int) Math.round(cfg.quietDays * pointsPerDay));
        debouncer = new AlertDebouncer(cfg.halfSurprise, quiet, cfg.damping, cfg.escalation);
    }

    private double evaluate(long epochMillis, double value) {
        seen++;
        model.prepare(epochMillis);
        double surprise = 0.0;
        double residual = Double.NaN;
        expected = Double.NaN;
        if (model.size() >= MIN_HISTORY) {
            residual = value - model.expected();
            double sigma = model.sigma();
            double z = residual / sigma;
            remember(sigma);
            surprise = spikeCal.surprise(z);
            surprise = Math.max(surprise, fastCal.surprise(fastShift.update(z)));
            surprise = Math.max(surprise, slowCal.surprise(slowShift.update(z)));
            if (cfg.ewmaRate > 0 && ewma.ready()) {
                surprise = Math.max(surprise, cfg.ewmaWeight * ewmaCal.surprise(ewma.z(value, sigma * 1e-3)));
            }
            if (!Double.isNaN(previousResidual)) {
                double step = residual - previousResidual;
                surprise = Math.max(surprise, stepCal.surprise(step / stepScale.sigma(sigma * 1e-3)));
                stepScale.add(step);
            }
        }
        previousResidual = residual;
        ewma.learn(value, cfg.ewmaRate);
        model.learn(epochMillis, value);
        if (seen <= cfg.warmupPoints) {
            expected = Double.NaN;
            return 0.0;
        }
        return debouncer.filter(toScore(surprise), surprise);
    }

    /** Keeps the expectation of the point being scored; call before the calibrators learn it. */
    private void remember(double sigma) {
        expected = model.expected();
        halfWidth = cfg.halfSurprise * spikeCal.reference() * sigma;
    }

    private double toScore(double surprise) {
        double p = Math.pow(surprise / cfg.halfSurprise, cfg.steepness);
        return p / (1 + p);
    }
}
