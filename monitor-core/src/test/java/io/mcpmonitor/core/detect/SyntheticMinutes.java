package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.call.Outcome;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Realistic synthetic minutes of one tool: calls per minute are Poisson around a daily curve
 * (busy by day, quiet at night, a step at 09:00 and 18:00 on top of a sine), durations are
 * lognormal draws around a daily latency curve, and errors are binomial, split 70 / 20 / 10 over
 * tool_error, exception and timeout. Percentiles are read from the minute's actual samples, as the
 * store's histograms would give them. Incidents are injected by overriding the latency factor,
 * the error probability or the traffic factor over a range of minutes. Deterministic per seed.
 */
final class SyntheticMinutes {
    static final long START_MILLIS = 1_736_121_600_000L; // 2025-01-06T00:00Z, a Monday
    static final long MINUTE = 60_000L;
    static final int DAY = 1440;
    /** Day 4, 09:17: three full days of history before it. */
    static final int ONSET = 3 * DAY + 9 * 60 + 17;

    private final SplittableRandom random;
    private final double callsPerMinute;
    private final double medianMs;
    private final double errorRate;
    private double[] samples = new double[256];
    private int incidentFrom = Integer.MAX_VALUE;
    private int incidentTo = Integer.MAX_VALUE;
    private double latencyFactor = 1;
    private double errorOverride = Double.NaN;
    private double trafficFactor = 1;

    SyntheticMinutes(long seed, double callsPerMinute, double medianMs, double errorRate) {
        this.random = new SplittableRandom(seed);
        this.callsPerMinute = callsPerMinute;
        this.medianMs = medianMs;
        this.errorRate = errorRate;
    }

    SyntheticMinutes latencyTimes(double factor, int from, int minutes) {
        latencyFactor = factor;
        return during(from, minutes);
    }

    SyntheticMinutes errorRate(double rate, int from, int minutes) {
        errorOverride = rate;
        return during(from, minutes);
    }

    SyntheticMinutes trafficTimes(double factor, int from, int minutes) {
        trafficFactor = factor;
        return during(from, minutes);
    }

    private SyntheticMinutes during(int from, int minutes) {
        incidentFrom = from;
        incidentTo = from + minutes;
        return this;
    }

    /** Daily load shape: about 0.4 at night to 2 by day, office hours ramping up 08:00-09:00 and down 18:00-19:00. */
    static double load(int minute) {
        int m = minute % DAY;
        double sine = 1 + 0.3 * Math.sin(2 * Math.PI * (m - 6 * 60) / DAY);
        double up = Math.min(1, Math.max(0, (m - 8 * 60) / 60.0));
        double down = Math.min(1, Math.max(0, (m - 18 * 60) / 60.0));
        return sine * (0.6 + 0.9 * (up - down));
    }

    MinutePoint minute(int i) {
        boolean incident = i >= incidentFrom && i < incidentTo;
        double lambda = callsPerMinute * load(i) * (incident ? trafficFactor : 1);
        int calls = poisson(lambda);
        double latency = medianMs * (0.85 + 0.3 * load(i) / 1.6) * (incident ? latencyFactor : 1);
        double pError = incident && !Double.isNaN(errorOverride) ? errorOverride : errorRate;
        long[] errors = new long[Outcome.values().length];
        if (samples.length < calls) {
            samples = new double[calls * 2];
        }
        for (int c = 0; c < calls; c++) {
            samples[c] = latency * Math.exp(0.35 * random.nextGaussian());
            if (random.nextDouble() < pError) {
                double u = random.nextDouble();
                Outcome o = u < 0.7 ? Outcome.TOOL_ERROR : u < 0.9 ? Outcome.EXCEPTION : Outcome.TIMEOUT;
                errors[o.ordinal()]++;
            }
        }
        long t = START_MILLIS + i * MINUTE;
        if (calls == 0) {
            return MinutePoint.withoutDurations(t, 0, errors);
        }
        Arrays.sort(samples, 0, calls);
        double[] values = new double[MinutePoint.QUANTILES.length];
        double[] lows = new double[values.length];
        for (int q = 0; q < values.length; q++) {
            values[q] = at(calls, MinutePoint.QUANTILES[q]);
            lows[q] = at(calls, MinutePoint.conservativeQuantile(MinutePoint.QUANTILES[q], calls));
        }
        return new MinutePoint(t, calls, errors, values, lows);
    }

    private double at(int n, double q) {
        return samples[Math.max(0, Math.min(n - 1, (int) Math.ceil(q * n) - 1))];
    }

    private int poisson(double lambda) {
        if (lambda > 50) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.nextGaussian()));
        }
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
