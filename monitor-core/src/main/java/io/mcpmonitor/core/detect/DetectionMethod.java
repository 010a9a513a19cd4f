package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/**
 * The detection methods offered to users, by their public names.
 *
 * <p>Immutable, thread-safe. {@link #create} returns a new single-series detector each call.
 *
 * <pre>{@code
 * AnomalyDetector d = DetectionMethod.parse("auto").create(Sensitivity.MEDIUM);
 * }</pre>
 */
public enum DetectionMethod implements WireNamed {
    /** Robust, daily- and weekly-pattern aware, level-shift aware, one report per incident ({@link AutoDetector}). */
    AUTO("auto"),
    /** Seed-compatible z-score over the last day, thresholds 3.0 / 2.5 / 2.0 ({@link ZScoreDetector}). */
    Z_SCORE("z-score"),
    /** Seed-compatible deviation from the last hour's moving average, x3 / x2 / x1.5 ({@link MovingAverageDetector}). */
    MOVING_AVG("moving-avg"),
    /** Seed-compatible running percentile of the last day, 99.5 / 99 / 98 ({@link PercentileDetector}). */
    PERCENTILE("percentile");

    private final String wireName;

    DetectionMethod(String wireName) {
        this.wireName = wireName;
    }

    /** The name used by tools and the CLI: {@code auto}, {@code z-score}, {@code moving-avg}, {@code percentile}. */
    @Override
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a public name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value if it is not a known method name
     */
    public static DetectionMethod parse(String name) {
        return WireNames.parseLenient(DetectionMethod.class, name, WireNames.mustBeOneOf("method"));
    }

    /** A new detector for one series. */
    public AnomalyDetector create(Sensitivity sensitivity) {
        return switch (this) {
            case AUTO -> new AutoDetector(sensitivity);
            case Z_SCORE -> new ZScoreDetector(sensitivity);
            case MOVING_AVG -> new MovingAverageDetector(sensitivity);
            case PERCENTILE -> new PercentileDetector(sensitivity);
        };
    }
}
