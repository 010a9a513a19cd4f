package io.mcpmonitor.core.detect;

/**
 * An {@link AnomalyDetector} run on a transformed value, read back in display units. Latency is
 * watched as its logarithm (a slow-down is multiplicative, and noise grows with the level), call
 * counts as their square root (Poisson noise becomes constant), resources as they are; the seed
 * methods see raw values, as they always did.
 *
 * <p>Not thread-safe: one per series metric. After {@link #score} or {@link #peek}, the accessors
 * describe that point; {@link #warm()} is false while the detector has no expectation yet.
 */
final class TransformedDetector {

    /** A monotone increasing transform and its inverse. */
    enum Transform {
        IDENTITY, LOG, SQRT;

        double forward(double v) {
            return switch (this) {
                case IDENTITY -> v;
                case LOG -> Math.log(Math.max(v, 1e-3));
                case SQRT -> Math.sqrt(Math.max(v, 0));
            };
        }

        double inverse(double x) {
            return switch (this) {
                case IDENTITY -> x;
                case LOG -> Math.exp(x);
                case SQRT -> x <= 0 ? 0.0 : x * x;
            };
        }
    }

    private final AnomalyDetector detector;
    private final Transform transform;
    private double x;
    private double score;

    TransformedDetector(DetectionMethod method, Sensitivity sensitivity, Transform autoTransform) {
        this.detector = method.create(sensitivity);
        this.transform = method == DetectionMethod.AUTO ? autoTransform : Transform.IDENTITY;
    }

    void writeState(StateOut out) {
        if (!(detector instanceof AutoDetector auto)) {
            throw new UnsupportedOperationException("only auto detectors are checkpointed");
        }
        auto.writeState(out);
        out.f64(x).f64(score);
    }

    void readState(StateIn in) {
        if (!(detector instanceof AutoDetector auto)) {
            throw new UnsupportedOperationException("only auto detectors are checkpointed");
        }
        auto.readState(in);
        x = in.f64();
        score = in.f64();
    }

    double score(long epochMillis, double value) {
        x = transform.forward(value);
        score = detector.score(epochMillis, x);
        return score;
    }

    double peek(long epochMillis, double value) {
        x = transform.forward(value);
        score = detector.peek(epochMillis, x);
        return score;
    }

    boolean warm() {
        return Double.isFinite(detector.expected()) && Double.isFinite(detector.upperBound());
    }

    /** The detector fired (its score reached the threshold) or the value left the expected range. */
    boolean fired() {
        return score >= detector.alertThreshold() || Math.abs(deviation()) > 1.0;
    }

    double expected() {
        return transform.inverse(detector.expected());
    }

    double low() {
        return Math.max(0.0, transform.inverse(detector.lowerBound()));
    }

    double high() {
        return transform.inverse(detector.upperBound());
    }

    /** Signed distance from the expectation, in half-widths of the range (1 = its edge), in detector space. */
    double deviation() {
        double e = detector.expected();
        double width = x >= e ? detector.upperBound() - e : e - detector.lowerBound();
        double d = Math.abs(x - e) / Math.max(width, 1e-12);
        return x >= e ? d : -d;
    }

    /** How clearly abnormal, 0..1: the detector's score, or 0.5 at the range's edge rising towards 1. */
    double confidence() {
        double d = deviation();
        return Math.max(score, d * d / (d * d + 1));
    }
}
