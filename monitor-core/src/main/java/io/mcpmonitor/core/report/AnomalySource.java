package io.mcpmonitor.core.report;

import io.mcpmonitor.core.detect.Anomaly;
import io.mcpmonitor.core.detect.AnomalyDetection;
import io.mcpmonitor.core.detect.DetectionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where a report takes its anomalies from. Implementations must be thread-safe and never return null.
 */
@FunctionalInterface
public interface AnomalySource {

    /** No anomalies. */
    AnomalySource NONE = (start, end, server, now) -> List.of();

    /**
     * The anomalies going on at some point of {@code [start, end)} ({@code server} null = all), as known
     * at {@code now}.
     */
    List<Anomaly> anomalies(Instant start, Instant end, String server, Instant now);

    /**
     * The anomalies of background detection: those the sidecar stored in the anomaly log, completed by
     * the ones of minute data it has not stored yet. Asks {@code detection} with the background method
     * and sensitivity ({@link AnomalyDetection#BACKGROUND_METHOD}), whose answers include the log, for
     * the lookback from {@code start} to {@code now} (at most {@link DetectionRequest#MAX_LOOKBACK}, how
     * long anomalies are kept), and keeps those that overlap the range. The caller keeps the reader
     * fresh, as for {@link AnomalyDetection#detect}.
     */
    static AnomalySource of(AnomalyDetection detection) {
        return (start, end, server, now) -> {
            if (!start.isBefore(now)) {
                return List.of();
            }
            Duration lookback = Duration.between(start, now);
            if (lookback.compareTo(DetectionRequest.MAX_LOOKBACK) > 0) {
                lookback = DetectionRequest.MAX_LOOKBACK;
            } else if (lookback.compareTo(Duration.ofMinutes(1)) < 0) {
                lookback = Duration.ofMinutes(1);
            }
            DetectionRequest request = new DetectionRequest(server, null, lookback,
                    AnomalyDetection.BACKGROUND_SENSITIVITY, AnomalyDetection.BACKGROUND_METHOD);
            long startMillis = start.toEpochMilli();
            return detection.detect(request, now.toEpochMilli()).anomalies().stream()
                    .filter(a -> a.timestamp().isBefore(end) && a.lastSeen().toEpochMilli() + 60_000L > startMillis)
                    .toList();
        };
    }
}
