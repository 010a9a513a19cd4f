package io.mcpmonitor.core.detect;

/**
 * The product's gates in front of the statistical detectors: what a minute must also show before
 * it is an anomaly a person should hear about, per sensitivity. A detector says "unusual"; a gate
 * says "and it matters": enough calls to trust the number, a large enough effect, and for counts
 * (errors, calls) more than counting noise. Immutable, thread-safe.
 *
 * @param latencyMinCalls   calls a minute needs before its percentiles may raise an anomaly
 * @param latencyMinRatio   the response time must be at least this many times the expected one
 * @param latencyMinAbsMs   and at least this many milliseconds above it
 * @param errorMinErrors    errors in the evaluated window (1, 3 or 10 minutes) before an anomaly
 * @param errorMinCalls     calls in the evaluated window before an anomaly
 * @param errorMinIncrease  the error rate must exceed the usual one by this much (fraction, 0.02 = 2 points)
 * @param errorMinFactor    and be at least this many times the usual one
 * @param errorZ            binomial z (over-dispersion corrected) at which {@code auto} flags an error rate
 * @param trafficDrop       a drop must lose at least this fraction of the expected calls
 * @param trafficSurge      a surge must reach at least this many times the expected calls
 * @param trafficZ          Poisson z the call count must reach, so a tool called twice a minute pages no one
 * @param trafficMinChange  and the count must differ from the expected one by at least this many calls
 * @param cpuMinPoints      CPU must be this many percentage points above the expected value
 * @param heapMinPoints     heap use must be this many percentage points above the expected value
 */
record Gates(int latencyMinCalls, double latencyMinRatio, double latencyMinAbsMs,
             int errorMinErrors, int errorMinCalls, double errorMinIncrease, double errorMinFactor, double errorZ,
             double trafficDrop, double trafficSurge, double trafficZ, double trafficMinChange,
             double cpuMinPoints, double heapMinPoints) {

    /** A minute with fewer calls is not learned by the latency detectors: its percentiles are noise. */
    static final int LEARN_MIN_CALLS = 3;
    /** An incident is resolved after this many normal minutes in a row. */
    static final int CLOSE_AFTER_MINUTES = 10;
    /** A resolved incident that turns abnormal again within this many minutes is reopened, not a new one. */
    static final int REOPEN_WITHIN_MINUTES = 30;

    static Gates of(Sensitivity s) {
        return new Gates(
                (int) s.pick(20, 10, 5), s.pick(1.5, 1.25, 1.15), s.pick(20, 10, 5),
                (int) s.pick(5, 3, 2), (int) s.pick(50, 20, 10), s.pick(0.05, 0.02, 0.01), s.pick(3, 2, 1.5),
                s.pick(5.5, 5.0, 4.5),
                s.pick(0.7, 0.5, 0.3), s.pick(3, 2, 1.5), s.pick(4.0, 3.5, 3.0), s.pick(20, 10, 5),
                s.pick(30, 20, 10), s.pick(20, 15, 10));
    }
}
