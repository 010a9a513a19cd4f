package io.mcpmonitor.core.detect;

/**
 * Watches one process resource of one server (CPU % of the machine, or heap % of its maximum),
 * minute by minute. Only rises are incidents, and only when the value is at least
 * {@code cpuMinPoints} / {@code heapMinPoints} percentage points above the expectation. Severity
 * follows the default alert thresholds: CPU 70 / 90 %, heap 75 / 90 % (warning / critical).
 * Not thread-safe: one per server resource.
 */
final class ResourceWatch {
    private final Metric metric;
    private final TransformedDetector detector;
    private final double minPoints;

    ResourceWatch(Metric metric, DetectionMethod method, Sensitivity sensitivity) {
        this.metric = metric;
        this.detector = new TransformedDetector(method, sensitivity, TransformedDetector.Transform.IDENTITY);
        Gates g = Gates.of(sensitivity);
        this.minPoints = metric == Metric.CPU ? g.cpuMinPoints() : g.heapMinPoints();
    }

    void writeState(StateOut out) {
        detector.writeState(out);
    }

    void readState(StateIn in) {
        detector.readState(in);
    }

    /** Scores and learns one minute's value (percent); null when the value is unknown or warming up. */
    Signal observe(long minuteMillis, double percent) {
        if (!(percent >= 0)) {
            return null;
        }
        detector.score(minuteMillis, percent);
        if (!detector.warm()) {
            return null;
        }
        double expected = detector.expected();
        double deviation = detector.deviation();
        boolean effect = deviation > 0 && percent - expected >= minPoints;
        double warning = metric == Metric.CPU ? 70 : 75;
        Severity severity = percent >= 90 ? Severity.CRITICAL : percent >= warning ? Severity.WARNING : Severity.INFO;
        return new Signal(metric, minuteMillis, percent, expected, detector.low(), detector.high(), deviation,
                detector.confidence(), 0, deviation >= 0 ? 1 : -1, effect && detector.fired(), effect && deviation > 1.0,
                severity, null);
    }
}
