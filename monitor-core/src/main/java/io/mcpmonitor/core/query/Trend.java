package io.mcpmonitor.core.query;

import java.time.Instant;

/**
 * This period against an earlier one (the previous period of equal length, or the same range a week
 * before). Changes are relative, in percent, except {@code errorRateChange}, in percentage points;
 * a change that cannot be told is NaN ({@code null} in JSON, "no data" in text) and {@code note}
 * says why, rather than a 0 or an absurd percentage:
 * <ul>
 *   <li>a period without calls has no latency or error rate to compare (and, for the earlier one,
 *       no calls either);</li>
 *   <li>when the data of the series asked about begins inside the earlier period, that period was
 *       only partly watched and its call count is not compared;</li>
 *   <li>with fewer than {@value #MIN_CALLS} calls in either period, latency and error rate are not
 *       compared (a p95 of two calls says nothing).</li>
 * </ul>
 * {@code direction} is {@code improving}, {@code degrading}, {@code stable}, {@code no_data} (a period
 * without calls) or {@code too_few_calls}: degrading when p95 rose by more than 10 % or the error rate
 * by more than one point, improving for the mirror image. Immutable.
 */
public record Trend(Instant previousStart, Instant previousEnd, Summary previous, double callsChange,
                    double avgResponseTimeChange, double p95ResponseTimeChange, double errorRateChange,
                    String direction, String note) {

    /** Fewest calls in each period for latency and error rate to be compared. */
    public static final int MIN_CALLS = 5;

    public Trend(Instant previousStart, Instant previousEnd, Summary previous, double callsChange,
                 double avgResponseTimeChange, double p95ResponseTimeChange, double errorRateChange, String direction) {
        this(previousStart, previousEnd, previous, callsChange, avgResponseTimeChange, p95ResponseTimeChange,
                errorRateChange, direction, "");
    }

    public Trend {
        note = note == null ? "" : note;
    }

    /**
     * {@code now} against {@code before}, the summary of {@code [previousStart, previousEnd)}: the
     * comparison {@code get_metrics} makes with the previous period, usable with any earlier period
     * (the report compares week over week with it too). {@code dataSince} is when the data of the
     * series compared begins (null: none), so a period watched only in part is not compared by count.
     */
    public static Trend compare(Instant previousStart, Instant previousEnd, Summary now, Summary before, Instant dataSince) {
        double nan = Double.NaN;
        if (before.totalCalls() == 0) {
            return new Trend(previousStart, previousEnd, before, nan, nan, nan, nan, "no_data",
                    dataSince == null || dataSince.isBefore(previousEnd) ? "no calls in the earlier period"
                            : "no data before " + dataSince + ": nothing to compare with");
        }
        boolean partial = dataSince != null && dataSince.isAfter(previousStart);
        double calls = partial ? nan : change(now.totalCalls(), before.totalCalls());
        String partialNote = partial ? "data begins at " + dataSince + ", inside the earlier period: calls not compared" : "";
        if (now.totalCalls() == 0) {
            return new Trend(previousStart, previousEnd, before, calls, nan, nan, nan, "no_data",
                    join("no calls in this period", partialNote));
        }
        if (now.totalCalls() < MIN_CALLS || before.totalCalls() < MIN_CALLS) {
            return new Trend(previousStart, previousEnd, before, calls, nan, nan, nan, "too_few_calls",
                    join("fewer than " + MIN_CALLS + " calls in " + (before.totalCalls() < MIN_CALLS ? "the earlier" : "this")
                            + " period: latency and error rate not compared", partialNote));
        }
        double avg = change(now.avgResponseTime(), before.avgResponseTime());
        double p95 = change(now.p95ResponseTime(), before.p95ResponseTime());
        double err = MetricsQueries.round(now.errorRate() - before.errorRate());
        String direction;
        if (p95 > 10 || err > 1) {
            direction = "degrading";
        } else if (p95 < -10 || err < -1) {
            direction = "improving";
        } else {
            direction = "stable";
        }
        return new Trend(previousStart, previousEnd, before, calls, avg, p95, err, direction, partialNote);
    }

    /** As {@link #compare(Instant, Instant, Summary, Summary, Instant)} for series whose data began before the earlier period. */
    public static Trend compare(Instant previousStart, Instant previousEnd, Summary now, Summary before) {
        return compare(previousStart, previousEnd, now, before, null);
    }

    /** Whether there is a change to show (neither period lacked calls). */
    public boolean comparable() {
        return !"no_data".equals(direction) && !"too_few_calls".equals(direction);
    }

    private static String join(String a, String b) {
        return b.isEmpty() ? a : a + "; " + b;
    }

    private static double change(double now, double before) {
        return before == 0 ? Double.NaN : MetricsQueries.round(100.0 * (now - before) / before);
    }
}
