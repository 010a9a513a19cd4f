package io.mcpmonitor.core.detect;

/**
 * The single parameter set of the {@code auto} detector (one set for every series).
 *
 * <p>Immutable, thread-safe. Counts are in points (samples), durations in days or weeks of
 * samples, statistics in z units. Sensitivity moves one thing only: the surprise that maps to
 * score 0.5 ({@link #halfSurprise}), which is also where the alert-fatigue guard arms; the alert
 * threshold on the score is 0.5 at every sensitivity. Experiments may override a field with the
 * system property {@code mcpmonitor.auto.<field>}, read once per detector construction.
 */
final class AutoConfig {
    /** Score at or above which an anomaly is reported, at every sensitivity. */
    static final double ALERT_THRESHOLD = 0.5;
    /** Points scored 0 while the first statistics settle. */
    final int warmupPoints = intProp("warmupPoints", 30);
    /** Smoothing rates of the fast and slow level-shift statistics, and their |z| cap. */
    final double fastShiftRate = prop("fastShiftRate", 0.25);
    final double slowShiftRate = prop("slowShiftRate", 1.0 / 16);
    final double shiftClip = prop("shiftClip", 5.0);
    /** Exponentially weighted mean and variance baseline (rate per point, 0 = off), and its weight. */
    final double ewmaRate = prop("ewmaRate", 0.005);
    final double ewmaWeight = prop("ewmaWeight", 1.0);
    /** Tail calibration: quantile, floor (z units), half-life of the history (points). */
    final double calQuantile = prop("calQuantile", 0.99);
    final double calFloor = prop("calFloor", 2.0);
    final int calHalfLifePoints = intProp("calHalfLifePoints", 5760);
    /**
     * Tail calibration prior (points): the weight of ordinary values each calibration starts with
     * (fading with its half-life), and the history below which its floor is raised by
     * sqrt(prior / history).
     */
    final int calPriorPoints = intProp("calPriorPoints", 200);
    /** Steepness of the surprise-to-score map. */
    final double steepness = prop("steepness", 3.0);
    /** Alert-fatigue guard: half-life in days of data (at least {@link #minQuietPoints}). */
    final double quietDays = prop("quietDays", 0.0);
    final int minQuietPoints = intProp("minQuietPoints", 60);
    final double damping = prop("damping", 0.5);
    final double escalation = prop("escalation", 2.0);
    /** Daily profile: days before trusted, memory in days, maximum slots per day. */
    final double profileMinDays = prop("profileMinDays", 2.0);
    final double profileMemoryDays = prop("profileMemoryDays", 4.0);
    final int maxDailySlots = intProp("maxDailySlots", 1440);
    /** Weekly profile: slots per week (0 = off), weeks before trusted, memory in weeks. */
    final int weeklySlots = intProp("weeklySlots", 672);
    final double profileMinWeeks = prop("profileMinWeeks", 2.0);
    final double profileMemoryWeeks = prop("profileMemoryWeeks", 2.0);
    /**
     * Level window target in points (rounded up to whole days), its cap, residual-scale cap. The
     * residual scale may span the whole level window (a full day of per-minute data): a scale
     * over half a day sees only the quiet or only the busy half of a daily noise pattern, so the
     * other half reads as a variance change every day.
     */
    final int levelPoints = intProp("levelPoints", 400);
    final int maxLevelPoints = intProp("maxLevelPoints", 1440);
    final int maxScalePoints = intProp("maxScalePoints", 1440);
    /** Surprise that maps to score 0.5; set by the sensitivity. */
    final double halfSurprise;

    private AutoConfig(double halfSurprise) {
        this.halfSurprise = halfSurprise;
    }

    /** Shipped configuration for a sensitivity: half-surprise 2.5 / 2.0 / 1.6 (low/medium/high). */
    static AutoConfig defaults(Sensitivity sensitivity) {
        return new AutoConfig(sensitivity.pick(
                prop("halfSurpriseLow", 2.5), prop("halfSurpriseMedium", 2.0), prop("halfSurpriseHigh", 1.6)));
    }

    private static double prop(String name, double dflt) {
        String v = System.getProperty("mcpmonitor.auto." + name);
        return v == null ? dflt : Double.parseDouble(v);
    }

    private static int intProp(String name, int dflt) {
        return (int) prop(name, dflt);
    }
}
