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
}
