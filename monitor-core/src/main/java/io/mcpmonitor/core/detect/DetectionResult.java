package io.mcpmonitor.core.detect;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code detect_anomalies} answers: the anomalies of the matched series that were ongoing at
 * some point of {@code [from, to)}, most severe first then most recent first, and what the
 * detection covered.
 *
 * <p>Immutable and thread-safe.
 *
 * @param seriesAnalysed series (server, tool) whose minutes were analysed for this answer
 * @param analysedSince  the earliest minute the detectors have seen for these series (minute data is kept
 *                       24 h; older anomalies come from the anomaly log when the method is {@code auto} at
 *                       {@code medium}, what the sidecar runs in the background); null when nothing was analysed
 */
public record DetectionResult(DetectionRequest request, Instant from, Instant to, List<Anomaly> anomalies,
                              int seriesAnalysed, Instant analysedSince) {

    public DetectionResult {
        anomalies = List.copyOf(anomalies);
    }

    /** Anomalies per severity, every severity present (critical first). */
    public Map<String, Long> bySeverity() {
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0L);
        }
        anomalies.forEach(a -> counts.merge(a.severity(), 1L, Long::sum));
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity s = Severity.values()[i];
            out.put(s.wireName(), counts.get(s));
        }
        return out;
    }

    /** Anomalies per type, only the types present. */
    public Map<String, Long> byType() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (AnomalyType t : AnomalyType.values()) {
            long n = anomalies.stream().filter(a -> a.anomalyType() == t).count();
            if (n > 0) {
                out.put(t.wireName(), n);
            }
        }
        return out;
    }

    /** How many anomalies are still going on. */
    public long ongoing() {
        return anomalies.stream().filter(a -> Anomaly.ONGOING.equals(a.status())).count();
    }
}
