package io.mcpmonitor.core.detect;

/**
 * Watches the calls per minute of one series: drops and surges.
 *
 * <p>Every closed minute is a point, minutes without calls included (that is what a drop looks
 * like). A minute is abnormal when the detector fires and the count is more than counting noise:
 * for a drop, at most {@code 1 - trafficDrop} of the expected calls and a Poisson z at or below
 * {@code -trafficZ} (so a tool called twice a minute that gets no call pages no one); for a surge,
 * at least {@code trafficSurge} times the expected calls and a Poisson z of at least
 * {@code trafficZ}; either way by at least {@code trafficMinChange} calls. Not thread-safe: one per series.
 */
final class ThroughputWatch {
    private final TransformedDetector detector;
    private final Gates gates;

    ThroughputWatch(DetectionMethod method, Sensitivity sensitivity) {
        this.detector = new TransformedDetector(method, sensitivity, TransformedDetector.Transform.SQRT);
        this.gates = Gates.of(sensitivity);
    }

    void writeState(StateOut out) {
        detector.writeState(out);
    }

    void readState(StateIn in) {
        detector.readState(in);
    }

    /** Scores and learns one closed minute; null while warming up. */
    Signal observe(MinutePoint p) {
        detector.score(p.minuteMillis(), p.calls());
        return signal(p);
    }

    private Signal signal(MinutePoint p) {
        if (!detector.warm()) {
            return null;
        }
        double calls = p.calls();
        double expected = detector.expected();
        double deviation = detector.deviation();
        double z = CountStats.poissonZ(calls, expected);
        boolean drop = deviation < 0 && calls <= expected * (1 - gates.trafficDrop()) && z <= -gates.trafficZ();
        boolean surge = deviation > 0 && calls >= expected * gates.trafficSurge() && z >= gates.trafficZ();
        boolean effect = (drop || surge) && Math.abs(calls - expected) >= gates.trafficMinChange();
        Severity severity;
        if (deviation < 0) {
            double lost = 1 - calls / Math.max(expected, 1e-9);
            severity = lost >= 0.9 ? Severity.CRITICAL : lost >= 0.5 ? Severity.WARNING : Severity.INFO;
        } else {
            severity = calls >= 5 * expected ? Severity.WARNING : Severity.INFO;
        }
        return new Signal(Metric.CALLS, p.minuteMillis(), calls, expected, detector.low(), detector.high(), deviation,
                detector.confidence(), p.calls(), deviation >= 0 ? 1 : -1, effect && detector.fired(),
                effect && Math.abs(deviation) > 1.0, severity, null);
    }
}
