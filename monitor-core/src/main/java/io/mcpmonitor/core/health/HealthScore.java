package io.mcpmonitor.core.health;

/**
 * The health score formula (docs/DASHBOARD.md): 100 minus penalties, floored to a whole number and
 * kept in 0..100. Stateless and thread-safe; every method is a pure function.
 *
 * <ul>
 *   <li>{@link #metricPenalty}: a measured value (p95 response time, error rate) against its warning
 *       and critical thresholds: 0 up to half the warning threshold, rising to
 *       {@value #AT_WARNING} at the warning threshold, to {@value #AT_CRITICAL} at the critical one,
 *       and on to at most {@value #MAX_METRIC} at twice the critical one. So a value just over the
 *       warning threshold makes the score degraded on its own, and one just over the critical
 *       threshold makes it critical.</li>
 *   <li>{@link #alertPenalty}: open alerts, {@value #CRITICAL_ALERT} per critical and
 *       {@value #WARNING_ALERT} per warning one, half as much once acknowledged, at most
 *       {@value #MAX_ALERTS} in all.</li>
 *   <li>{@value #NO_DATA}: a server silent for at least its {@code no_data} rule's minutes.</li>
 * </ul>
 *
 * <pre>{@code
 * double p = HealthScore.metricPenalty(p95Millis, limits) + HealthScore.alertPenalty(1, 0, 0, 0);
 * int score = HealthScore.score(p);               // HealthStatus.ofScore(score)
 * }</pre>
 */
final class HealthScore {

    /** Penalty of a value exactly at its warning threshold (the score is then still healthy: 80). */
    public static final double AT_WARNING = 20;
    /** Penalty of a value exactly at its critical threshold (the score is then still degraded: 50). */
    public static final double AT_CRITICAL = 50;
    /** Most one metric can cost, reached at twice the critical threshold. */
    public static final double MAX_METRIC = 60;
    public static final double CRITICAL_ALERT = 25;
    public static final double WARNING_ALERT = 10;
    public static final double MAX_ALERTS = 50;
    public static final double NO_DATA = 30;

    private HealthScore() {
    }

    /** What {@code value} costs against {@code limits}; 0 when it is NaN (not judged) or not watched. */
    public static double metricPenalty(double value, Limits limits) {
        if (Double.isNaN(value) || !limits.watched()) {
            return 0;
        }
        double w = limits.warning();
        double c = limits.critical();
        if (value <= w / 2) {
            return 0;
        }
        if (value <= w) {
            return AT_WARNING * (value - w / 2) / (w / 2);
        }
        if (value <= c) {
            return AT_WARNING + (AT_CRITICAL - AT_WARNING) * (value - w) / (c - w);
        }
        double over = c == 0 ? 1 : Math.min(1, (value - c) / c);
        return AT_CRITICAL + (MAX_METRIC - AT_CRITICAL) * over;
    }

    /** What open alerts cost: unacknowledged critical and warning ones, and acknowledged ones at half. */
    public static double alertPenalty(int critical, int warning, int acknowledgedCritical, int acknowledgedWarning) {
        double p = CRITICAL_ALERT * (critical + acknowledgedCritical / 2.0) + WARNING_ALERT * (warning + acknowledgedWarning / 2.0);
        return Math.min(MAX_ALERTS, p);
    }

    /** The score left after {@code penalties}: 100 minus them, floored, within 0..100. */
    public static int score(double penalties) {
        double s = 100 - Math.max(0, penalties);
        return (int) Math.floor(Math.max(0, s));
    }
}
