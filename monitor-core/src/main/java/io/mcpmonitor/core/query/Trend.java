package io.mcpmonitor.core.query;

import java.time.Instant;

/**
 * This period against the previous one of equal length. Changes are relative, in percent
 * ({@code NaN} when the previous period had no calls), except {@code errorRateChange}, which is in
 * percentage points. {@code direction} is {@code improving}, {@code degrading}, {@code stable} or
 * {@code no_data}: degrading when p95 rose by more than 10 % or the error rate by more than one
 * point, improving for the mirror image.
 */
public record Trend(Instant previousStart, Instant previousEnd, Summary previous, double callsChange,
                    double avgResponseTimeChange, double p95ResponseTimeChange, double errorRateChange,
                    String direction) {

    /**
     * {@code now} against {@code before}, the summary of {@code [previousStart, previousEnd)}: the
     * comparison {@code get_metrics} makes with the previous period, usable with any earlier period
     * (the report compares week over week with it too).
     */
    public static Trend compare(Instant previousStart, Instant previousEnd, Summary now, Summary before) {
        double calls = change(now.totalCalls(), before.totalCalls());
        double avg = before.totalCalls() == 0 ? Double.NaN : change(now.avgResponseTime(), before.avgResponseTime());
        double p95 = before.totalCalls() == 0 ? Double.NaN : change(now.p95ResponseTime(), before.p95ResponseTime());
        double err = MetricsQueries.round(now.errorRate() - before.errorRate());
        String direction;
        if (now.totalCalls() == 0 || before.totalCalls() == 0) {
            direction = "no_data";
        } else if (p95 > 10 || err > 1) {
            direction = "degrading";
        } else if (p95 < -10 || err < -1) {
            direction = "improving";
        } else {
            direction = "stable";
        }
        return new Trend(previousStart, previousEnd, before, calls, avg, p95, err, direction);
    }

    private static double change(double now, double before) {
        return before == 0 ? Double.NaN : MetricsQueries.round(100.0 * (now - before) / before);
    }
}
