package io.mcpmonitor.core.deploy;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how the sidecar judges deployments by itself (docs/DEPLOYMENTS.md).
 *
 * @param delay      traffic to wait for after a deployment before judging it; also the length of each
 *                   side of the comparison; whole minutes, at least one (default 15 min)
 * @param maxWait    how long after the deployment to keep waiting when there is not enough data yet; then
 *                   {@code not_enough_data} is recorded (default 4 x delay)
 * @param holdAlert  how long a {@code deployment_regression} alert stays raised unless a newer deployment
 *                   of the server (a rollback, a fix) ends it sooner (default 1 h)
 * @param horizon    deployments older than this when first seen are not judged (an old store must not
 *                   trigger rollbacks), default 24 h
 * @param thresholds the judge's thresholds, {@code minCallsPerTool} included
 */
public record JudgingPolicy(Duration delay, Duration maxWait, Duration holdAlert, Duration horizon,
                            JudgeThresholds thresholds) {

    private static final long MINUTE_MILLIS = 60_000L;

    public static final JudgingPolicy DEFAULT = of(Duration.ofMinutes(15), JudgeThresholds.DEFAULTS);

    public JudgingPolicy {
        positive("delay", delay);
        positive("maxWait", maxWait);
        positive("holdAlert", holdAlert);
        positive("horizon", horizon);
        // The store keeps whole minutes and each side of the comparison is rounded down to them: a
        // delay under a minute would leave the "after" side empty, so nothing would ever be judged.
        if (delay.toMillis() % MINUTE_MILLIS != 0) {
            throw new IllegalArgumentException("delay: must be a whole number of minutes (the store keeps minutes), was "
                    + delay);
        }
        if (maxWait.compareTo(delay) < 0) {
            throw new IllegalArgumentException("maxWait: must be at least the delay " + delay + ", was " + maxWait);
        }
        Objects.requireNonNull(thresholds, "thresholds");
    }

    /** The defaults around {@code delay}. */
    public static JudgingPolicy of(Duration delay, JudgeThresholds thresholds) {
        return new JudgingPolicy(delay, delay.multipliedBy(4), Duration.ofHours(1), Duration.ofHours(24), thresholds);
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": must be a positive duration, was " + d);
        }
    }
}
