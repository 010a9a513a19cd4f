package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.call.Outcome;

/**
 * One series in one minute, as detection sees it: calls, errors per outcome, latency percentiles
 * read from the minute's merged histogram, each with a conservative lower bound.
 *
 * <p>A percentile of few calls is mostly chance (the p99 of 80 calls is about their maximum), so
 * next to each percentile {@code q} the point carries the value at the lower end of its
 * confidence interval, the {@code q - 2 sqrt(q (1 - q) / n)} quantile of the same minute: a
 * slow-down is only believed when even that value is abnormal. Percentiles are NaN when the
 * minute had no calls.
 *
 * @param minuteMillis      start of the minute, epoch milliseconds
 * @param errorsByOutcome   calls per {@link Outcome} ordinal; the {@code success} entry is ignored
 * @param percentilesMs     p50, p95, p99 in milliseconds (the order of {@link #QUANTILES})
 * @param lowerBoundsMs     their conservative lower bounds, same order
 */
record MinutePoint(long minuteMillis, long calls, long[] errorsByOutcome, double[] percentilesMs, double[] lowerBoundsMs) {

    static final long[] NO_ERRORS = new long[Outcome.values().length];
    /** The quantiles watched: p50, p95, p99. */
    static final double[] QUANTILES = {0.50, 0.95, 0.99};
    private static final double[] NONE = {Double.NaN, Double.NaN, Double.NaN};

    /** A minute without calls. */
    static MinutePoint empty(long minuteMillis) {
        return new MinutePoint(minuteMillis, 0, NO_ERRORS, NONE, NONE);
    }

    /** A minute with calls but no durations (percentiles unknown). */
    static MinutePoint withoutDurations(long minuteMillis, long calls, long[] errorsByOutcome) {
        return new MinutePoint(minuteMillis, calls, errorsByOutcome, NONE, NONE);
    }

    /** The lower end of the confidence interval of quantile {@code q} of {@code n} values, as a quantile. */
    static double conservativeQuantile(double q, long n) {
        return Math.max(0.0, q - 2 * Math.sqrt(q * (1 - q) / Math.max(1, n)));
    }

    long errors() {
        long sum = 0;
        for (Outcome o : Outcome.values()) {
            if (o.isError()) {
                sum += errorsByOutcome[o.ordinal()];
            }
        }
        return sum;
    }

    double percentile(Metric m) {
        return percentilesMs[index(m)];
    }

    double lowerBound(Metric m) {
        return lowerBoundsMs[index(m)];
    }

    private static int index(Metric m) {
        return switch (m) {
            case LATENCY_P50 -> 0;
            case LATENCY_P95 -> 1;
            case LATENCY_P99 -> 2;
            default -> throw new IllegalArgumentException(m + " is not a latency percentile");
        };
    }
}
