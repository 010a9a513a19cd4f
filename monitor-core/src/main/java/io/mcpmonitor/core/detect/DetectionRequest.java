package io.mcpmonitor.core.detect;

import java.time.Duration;
import java.util.Objects;

/**
 * The parameters of {@code detect_anomalies}: which series ({@code server} and {@code tool} filter
 * exactly when given, null = all), how far back to report ({@code lookback}, 1 minute to 90 days),
 * how readily to flag ({@code sensitivity}) and with which {@code method}.
 *
 * <p>Immutable and thread-safe. The constructor throws an {@link IllegalArgumentException} whose
 * message starts with the field's name.
 */
public record DetectionRequest(String server, String tool, Duration lookback, Sensitivity sensitivity,
                               DetectionMethod method) {

    /** The longest lookback: anomalies are kept 90 days. */
    public static final Duration MAX_LOOKBACK = Duration.ofDays(90);

    public DetectionRequest {
        Objects.requireNonNull(lookback, "lookbackWindow");
        Objects.requireNonNull(sensitivity, "sensitivity");
        Objects.requireNonNull(method, "method");
        if (lookback.compareTo(Duration.ofMinutes(1)) < 0 || lookback.compareTo(MAX_LOOKBACK) > 0) {
            throw new IllegalArgumentException("lookbackWindow: must be between 1 minute and 90 days, was " + lookback);
        }
    }

    /** All series, the last 6 hours, medium sensitivity, {@code auto}: what the tool does without arguments. */
    public static DetectionRequest defaults() {
        return new DetectionRequest(null, null, Duration.ofHours(6), Sensitivity.MEDIUM, DetectionMethod.AUTO);
    }

    boolean matches(String s, String t) {
        return (server == null || server.equals(s)) && (tool == null || tool.equals(t));
    }
}
