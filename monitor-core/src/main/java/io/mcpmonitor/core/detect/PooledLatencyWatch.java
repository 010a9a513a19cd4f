package io.mcpmonitor.core.detect;

/**
 * The response time of a sparse series, judged on evidence pooled over time: a tool called less
 * than once a minute never has enough calls in one minute for the per-minute watches
 * ({@link LatencyWatch}), yet 20 calls eight times slower over half an hour are a clear incident.
 *
 * <p><b>What it pools.</b> Only minutes with calls but fewer than the per-minute gate
 * ({@link Gates#latencyMinCalls()}), so a busy series is left to the per-minute watches. Each such
 * minute gives one observation, the log of its median response time. The usual level is an
 * exponentially weighted mean and variance of these observations (half-life {@value #HALF_LIFE}
 * observations; each observation is clipped at {@value #CLIP} standard deviations first, so an
 * incident does not teach itself as normal).
 *
 * <p><b>Test.</b> The mean of the observations of the last {@value #WINDOW_MINUTES} minutes against
 * the usual level, as a z (standard error: the usual spread over the square root of the number of
 * observations). It opens an incident when, at the same time, the window holds at least
 * {@link Gates#latencyMinCalls()} calls, z reaches {@link #openZ} (7 / 6 / 5 at low / medium / high:
 * real latencies are correlated in time, so the nominal z overstates the evidence), and the pooled
 * median is at least {@link Gates#latencyMinRatio()} times and {@link Gates#latencyMinAbsMs()} ms
 * above the usual one; it continues while the effect gates pass with a z of at least 2. Slower only:
 * a faster tool is no incident. Signals are reported as the p50 response time of the window.
 *
 * <p>Not thread-safe: one per series. Fixed memory (two rings of {@value #WINDOW_MINUTES} entries).
 */
final class PooledLatencyWatch {
    static final int WINDOW_MINUTES = 30;
    static final double HALF_LIFE = 720;
    static final double CLIP = 3;
    /** Observations learned before the watch judges anything. */
    static final int WARMUP = 60;
    private static final double RATE = 1 - Math.pow(0.5, 1 / HALF_LIFE);
    private static final double CONTINUE_Z = 2.0;
    /** The variance of the log of a median never counts below this (10 % noise), so a constant series cannot page. */
    private static final double MIN_VARIANCE = 0.01;

    private final Gates gates;
    private final double openZ;
    private final long[] ringCalls = new long[WINDOW_MINUTES];
    private final double[] ringLog = new double[WINDOW_MINUTES];
    private int head;
    private double mean;
    private double variance;
    private long learned;

    PooledLatencyWatch(Sensitivity sensitivity) {
        this.gates = Gates.of(sensitivity);
        this.openZ = sensitivity.pick(7, 6, 5);
    }

    void writeState(StateOut out) {
        out.i64s(ringCalls).f64s(ringLog).i32(head).f64(mean).f64(variance).i64(learned);
    }

    void readState(StateIn in) {
        in.i64sExactly(ringCalls);
        in.f64sExactly(ringLog);
        head = in.count(WINDOW_MINUTES - 1);
        mean = in.f64();
        variance = in.f64();
        learned = in.i64();
    }

    /** Scores and learns one closed minute (every minute, with or without calls); null when not judged. */
    Signal observe(MinutePoint p) {
        Signal s = evaluate(p);
        learn(p);
        return s;
    }

    /** Whether the minute is one this watch pools: calls, a median, and fewer calls than the per-minute gate. */
    private boolean pooled(MinutePoint p) {
        return p.calls() > 0 && p.calls() < gates.latencyMinCalls() && Double.isFinite(p.percentile(Metric.LATENCY_P50))
                && p.percentile(Metric.LATENCY_P50) > 0;
    }

    private Signal evaluate(MinutePoint p) {
        if (learned < WARMUP || !pooled(p)) {
            return null;
        }
        long calls = p.calls();
        double sum = Math.log(p.percentile(Metric.LATENCY_P50));
        int observations = 1;
        for (int i = 0; i < WINDOW_MINUTES - 1; i++) {
            int j = (head - i + WINDOW_MINUTES) % WINDOW_MINUTES;
            if (ringCalls[j] > 0) {
                calls += ringCalls[j];
                sum += ringLog[j];
                observations++;
            }
        }
        double windowLog = sum / observations;
        double sd = Math.sqrt(Math.max(variance, MIN_VARIANCE));
        double z = (windowLog - mean) / (sd / Math.sqrt(observations));
        double value = Math.exp(windowLog);
        double expected = Math.exp(mean);
        double high = Math.exp(mean + openZ * sd / Math.sqrt(observations));
        double low = Math.exp(mean - openZ * sd / Math.sqrt(observations));
        boolean effect = z > 0 && calls >= gates.latencyMinCalls() && value >= expected * gates.latencyMinRatio()
                && value - expected >= gates.latencyMinAbsMs();
        boolean opens = effect && z >= openZ;
        boolean continues = effect && z >= CONTINUE_Z;
        double deviation = (windowLog - mean) / Math.max(Math.log(high) - mean, 1e-12);
        double u = Math.max(0, z) / openZ;
        double ratio = value / Math.max(expected, 1e-9);
        double beyond = value / Math.max(high, 1e-9);
        Severity severity = ratio >= 3 && beyond >= 1.5 ? Severity.CRITICAL
                : ratio >= 1.5 && beyond >= 1.2 ? Severity.WARNING : Severity.INFO;
        return new Signal(Metric.LATENCY_P50, p.minuteMillis(), value, expected, low, high, deviation, u * u / (u * u + 1),
                calls, z >= 0 ? 1 : -1, opens, continues, severity, null);
    }

    private void learn(MinutePoint p) {
        head = (head + 1) % WINDOW_MINUTES;
        if (!pooled(p)) {
            ringCalls[head] = 0;
            return;
        }
        double x = Math.log(p.percentile(Metric.LATENCY_P50));
        ringCalls[head] = p.calls();
        ringLog[head] = x;
        if (learned == 0) {
            mean = x;
            variance = 0.25; // a wide prior (a factor of about 1.6 either way) until the series has told its spread
        } else {
            double limit = CLIP * Math.sqrt(Math.max(variance, MIN_VARIANCE));
            double clipped = Math.max(mean - limit, Math.min(mean + limit, x));
            double d = clipped - mean;
            double rate = Math.max(RATE, 1.0 / (learned + 1));
            mean += rate * d;
            variance = (1 - rate) * (variance + rate * d * d);
        }
        learned++;
    }
}
