package io.mcpmonitor.core.detect;

/**
 * Watches one latency percentile (p50, p95 or p99) of one series, minute by minute.
 *
 * <p>A minute with fewer than {@link Gates#LEARN_MIN_CALLS} calls is neither learned nor scored
 * (its percentiles are noise). A minute is abnormal when the detector fires upwards (faster than
 * usual is not an incident), the minute had enough calls ({@link Gates#latencyMinCalls()}, and
 * {@value #TAIL_CALLS} calls beyond the percentile: 80 for p95, 400 for p99, since a p99 of eighty
 * calls is about their maximum and proves little), and even the conservative lower bound of the
 * percentile ({@link MinutePoint#lowerBound}) is at least {@link Gates#latencyMinRatio()} times
 * and {@link Gates#latencyMinAbsMs()} ms above the expectation. Not thread-safe: one per series
 * percentile.
 */
final class LatencyWatch {
    /** Calls a minute must have beyond a percentile for that percentile to raise an anomaly (p95: 80, p99: 400). */
    static final double TAIL_CALLS = 4;
    private final Metric metric;
    private final TransformedDetector detector;
    private final Gates gates;
    private final long minCalls;

    LatencyWatch(Metric metric, DetectionMethod method, Sensitivity sensitivity) {
        this.metric = metric;
        this.detector = new TransformedDetector(method, sensitivity, TransformedDetector.Transform.LOG);
        this.gates = Gates.of(sensitivity);
        double q = MinutePoint.QUANTILES[metric.ordinal() - Metric.LATENCY_P50.ordinal()];
        this.minCalls = Math.max(gates.latencyMinCalls(), (long) Math.ceil(TAIL_CALLS / (1 - q)));
    }

    void writeState(StateOut out) {
        detector.writeState(out);
    }

    void readState(StateIn in) {
        detector.readState(in);
    }

    /** Scores and learns the minute; null when the minute is not scored. */
    Signal observe(MinutePoint p) {
        double ms = p.percentile(metric);
        if (p.calls() < Gates.LEARN_MIN_CALLS || !Double.isFinite(ms)) {
            return null;
        }
        detector.score(p.minuteMillis(), ms);
        return signal(p, ms);
    }

    /** Scores the minute without learning it; null when the minute is not scored. */
    Signal peek(MinutePoint p) {
        double ms = p.percentile(metric);
        if (p.calls() < Gates.LEARN_MIN_CALLS || !Double.isFinite(ms)) {
            return null;
        }
        detector.peek(p.minuteMillis(), ms);
        return signal(p, ms);
    }

    private Signal signal(MinutePoint p, double ms) {
        if (!detector.warm()) {
            return null;
        }
        double expected = detector.expected();
        double deviation = detector.deviation();
        double sure = p.lowerBound(metric);
        boolean effect = deviation > 0 && p.calls() >= minCalls
                && sure >= expected * gates.latencyMinRatio() && sure - expected >= gates.latencyMinAbsMs();
        boolean opens = effect && detector.fired();
        boolean continues = effect && deviation > 1.0;
        double ratio = ms / Math.max(expected, 1e-9);
        double beyond = ms / Math.max(detector.high(), 1e-9);
        Severity severity = ratio >= 3 && beyond >= 1.5 ? Severity.CRITICAL
                : ratio >= 1.5 && beyond >= 1.2 ? Severity.WARNING : Severity.INFO;
        return new Signal(metric, p.minuteMillis(), ms, expected, detector.low(), detector.high(), deviation,
                detector.confidence(), p.calls(), deviation >= 0 ? 1 : -1, opens, continues, severity, null);
    }
}
