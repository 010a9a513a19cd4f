package io.mcpmonitor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of the raw {@code auto} detector (medium) that must hold at every sampling rate and
 * amplitude: on a noisy daily-seasonal series, a one-point spike x5, a one-point drop to 0, a
 * level shift of +/-50 % and a variance x4 each score above every normal point of the series
 * (warm-up included, and the normal points after a one-point incident too). The history is
 * three days at 1-minute sampling, a week at 5-minute, three weeks at hourly; the incident comes
 * at a random point of the next day. For a held change the best of its first points counts (3 to
 * 60 points; for variance up to a day of hourly points, since a variance change shows only in
 * some of its points).
 */
class AutoDetectorPropertiesTest {
    private static final long START = 1_736_121_600_000L;
    private static final long DAY_MILLIS = 86_400_000L;

    enum Change { SPIKE_X5, DROP_TO_0, SHIFT_UP_50, SHIFT_DOWN_50, VARIANCE_X4 }

    @Provide
    Arbitrary<Long> steps() {
        return Arbitraries.of(60_000L, 300_000L, 3_600_000L);
    }

    // A fixed seed keeps the build repeatable. With free seeds (AutoDetectorPropertySweep) the variance x4
    // still fails in about 1 sample of 2,500 (2 of 5,004 variance samples, one at 5-minute and one at hourly steps;
    // none among 10,000 of all changes):
    // the incident's first point above the alert point arms the alert-fatigue guard and its stronger points
    // after it are damped, while a rare wide draw of the normal noise reaches a similar score. A known
    // weakness of the detector recorded in benchmarks/RESULTS-detect.md, not a flake of the test.
    @Property(tries = 100, seed = "20261202")
    void anIncidentOutscoresEveryNormalPoint(@ForAll("steps") long stepMillis, @ForAll Change change,
            @ForAll @DoubleRange(min = -3, max = 6) double log10Level, @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Trial t = trial(stepMillis, change, log10Level, seed);
        assertThat(t.maxIncident()).as("%s at step %d ms, level %.3g: best score of the incident (onset %d) against the"
                + " best normal point (%d)", change, stepMillis, Math.pow(10, log10Level), t.onset(), t.maxNormalAt())
                .isGreaterThan(t.maxNormal());
    }

    /** What one series gave: the best score of the incident and of the normal points, and where. */
    record Trial(double maxIncident, double maxNormal, int maxNormalAt, int onset) {}

    /** Runs one series through a fresh detector (medium) and keeps the best incident and normal scores. */
    static Trial trial(long stepMillis, Change change, double log10Level, long seed) {
        int perDay = (int) (DAY_MILLIS / stepMillis);
        int days = stepMillis == 60_000L ? 3 : stepMillis == 300_000L ? 7 : 21;
        Random rnd = new Random(seed);
        int onset = days * perDay + rnd.nextInt(perDay / 2);
        // the incident lasts one point, or (for shifts and variance) to the end, a quarter of a day (a
        // whole day for variance: at hourly sampling a few points of wider noise may all fall in range)
        boolean onePoint = change == Change.SPIKE_X5 || change == Change.DROP_TO_0;
        boolean variance = change == Change.VARIANCE_X4;
        int end = onset + (variance ? perDay : perDay / 4);
        int window = onePoint ? 1 : variance ? Math.min(60, perDay) : Math.max(3, Math.min(60, perDay / 8));
        double level = Math.pow(10, log10Level);
        AnomalyDetector d = DetectionMethod.AUTO.create(Sensitivity.MEDIUM);
        double maxNormal = 0;
        int maxNormalAt = -1;
        double maxIncident = 0;
        for (int i = 0; i < end; i++) {
            double base = level * (1 + 0.2 * Math.sin(2 * Math.PI * i / perDay));
            double noise = 0.05 * level * rnd.nextGaussian();
            double v = base + noise;
            boolean changed = onePoint ? i == onset : i >= onset;
            if (changed) {
                v = switch (change) {
                    case SPIKE_X5 -> 5 * v;
                    case DROP_TO_0 -> 0;
                    case SHIFT_UP_50 -> 1.5 * v;
                    case SHIFT_DOWN_50 -> 0.5 * v;
                    case VARIANCE_X4 -> base + 4 * noise;
                };
            }
            double s = d.score(START + i * stepMillis, v);
            if (changed && i < onset + window) {
                maxIncident = Math.max(maxIncident, s);
            } else if (!changed) {
                if (s > maxNormal) {
                    maxNormal = s;
                    maxNormalAt = i;
                }
            }
        }
        return new Trial(maxIncident, maxNormal, maxNormalAt, onset);
    }
}
