package io.mcpmonitor.core.detect;

import java.util.List;
import java.util.Objects;

/**
 * The numbers behind an {@link Anomaly}, at the worst minute of the incident so far.
 *
 * @param metric         the series that moved: {@code latency_p50}, {@code latency_p95}, {@code latency_p99},
 *                       {@code error_rate}, {@code calls_per_minute}, {@code cpu_percent}, {@code heap_percent}
 * @param unit           unit of the values: {@code ms}, {@code percent} or {@code calls/min}
 * @param currentValue   the value at the worst minute, in {@code unit}
 * @param expectedValue  what the detector expected then, in {@code unit}
 * @param expectedRange  values the detector would not have flagged then, {@code [low, high]} in {@code unit}
 * @param deviation      signed distance from the expected value in half-widths of the expected range:
 *                       1 is the edge of the range, 3 three times as far
 * @param changePercent  {@code 100 * (currentValue / expectedValue - 1)}; NaN when nothing was expected
 * @param confidence     how clearly the value is abnormal, 0..1: 0.5 at the edge of the range, towards 1 beyond
 * @param method         the detection method ({@code auto}, {@code z-score}, {@code moving-avg}, {@code percentile})
 * @param calls          calls of the series in the worst minute (0 for process resources)
 * @param outcomes       for error rates, the outcome classes that rose (e.g. {@code tool_error}); else empty
 * @param scope          {@code this_tool}, {@code several_tools} or {@code server_wide} (other tools of the same
 *                       server degraded in the same way at the same time), or {@code server} for process resources
 * @param alsoAffected   the other tools of the server with the same kind of anomaly at the same time
 */
public record AnomalyDetails(String metric, String unit, double currentValue, double expectedValue,
                             List<Double> expectedRange, double deviation, double changePercent, double confidence,
                             String method, long calls, List<String> outcomes, String scope, List<String> alsoAffected) {

    public AnomalyDetails {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(scope, "scope");
        expectedRange = List.copyOf(expectedRange);
        outcomes = List.copyOf(outcomes);
        alsoAffected = List.copyOf(alsoAffected);
    }
}
