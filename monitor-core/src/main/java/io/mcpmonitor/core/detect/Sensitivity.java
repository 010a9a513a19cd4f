package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/**
 * Operating point of a detector: how readily it reports an anomaly.
 *
 * <p>Immutable, thread-safe. {@code LOW} reports fewer, larger anomalies; {@code HIGH} reports
 * smaller deviations too. Each method maps a sensitivity to its own parameters (for example the
 * seed's z-score thresholds 3.0 / 2.5 / 2.0), and the product's gates (minimum calls, minimum
 * effect) tighten or loosen with it.
 */
public enum Sensitivity implements WireNamed {
    LOW,
    MEDIUM,
    HIGH;

    /**
     * Parses {@code low}, {@code medium} or {@code high} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value if it is none of these
     */
    public static Sensitivity parse(String text) {
        return WireNames.parseLenient(Sensitivity.class, text, WireNames.mustBeOneOf("sensitivity"));
    }

    /** Picks the value for this sensitivity from a (low, medium, high) triple. */
    double pick(double low, double medium, double high) {
        return switch (this) {
            case LOW -> low;
            case MEDIUM -> medium;
            case HIGH -> high;
        };
    }
}
