package io.mcpmonitor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@link AnomalyDetector} contract, for every method: streaming without look-ahead, peek learns nothing. */
class DetectorContractTest {
    static final long START = 1_736_121_600_000L;
    static final long STEP = 300_000L; // 5 minutes, as most NAB series

    /** A daily sine with noise, a few spikes and a level shift. */
    static double[] series(int n) {
        SplittableRandom r = new SplittableRandom(3);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 288) + 2 * r.nextGaussian() + (i % 701 == 700 ? 40 : 0)
                    + (i > 2500 ? 15 : 0);
        }
        return v;
    }

    static double[] scores(DetectionMethod m, double[] v, int n) {
        AnomalyDetector d = m.create(Sensitivity.MEDIUM);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = d.score(START + i * STEP, v[i]);
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(DetectionMethod.class)
    void theScoreOfARowDoesNotChangeWhenLaterRowsAreRemoved(DetectionMethod m) {
        double[] v = series(3000);
        double[] full = scores(m, v, v.length);
        for (int n : new int[] {1, 9, 10, 11, 31, 500, 1777, 2999}) {
            assertThat(scores(m, v, n)).as("first %d rows", n).containsExactly(java.util.Arrays.copyOf(full, n));
        }
        assertThat(java.util.Arrays.stream(full).allMatch(s -> s >= 0 && s <= 1)).isTrue();
        assertThat(java.util.Arrays.stream(full).anyMatch(s -> s >= 0.5)).as("the spikes and the shift are seen").isTrue();
    }

    @ParameterizedTest
    @EnumSource(DetectionMethod.class)
    void peekLearnsNothing(DetectionMethod m) {
        double[] v = series(2000);
        double[] plain = scores(m, v, v.length);
        AnomalyDetector d = m.create(Sensitivity.MEDIUM);
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < v.length; i++) {
            d.peek(START + i * STEP, v[i]);
            d.peek(START + i * STEP, 1000 * r.nextGaussian());
            assertThat(d.score(START + i * STEP, v[i])).as("row %d", i).isEqualTo(plain[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(DetectionMethod.class)
    void nonFiniteValuesScoreZeroAndAreNotLearned(DetectionMethod m) {
        double[] v = series(1500);
        double[] plain = scores(m, v, v.length);
        AnomalyDetector d = m.create(Sensitivity.MEDIUM);
        for (int i = 0; i < v.length; i++) {
            if (i % 100 == 50) {
                assertThat(d.score(START + i * STEP, Double.NaN)).isZero();
                assertThat(d.score(START + i * STEP, Double.POSITIVE_INFINITY)).isZero();
            }
            assertThat(d.score(START + i * STEP, v[i])).isEqualTo(plain[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(DetectionMethod.class)
    void boundsSurroundTheExpectationOnceWarm(DetectionMethod m) {
        double[] v = series(1500);
        AnomalyDetector d = m.create(Sensitivity.MEDIUM);
        for (int i = 0; i < v.length; i++) {
            d.score(START + i * STEP, v[i]);
        }
        assertThat(d.expected()).isBetween(d.lowerBound(), d.upperBound());
        assertThat(d.upperBound() - d.lowerBound()).isPositive();
        double outside = d.upperBound() + (d.upperBound() - d.lowerBound());
        assertThat(d.peek(START + v.length * STEP, outside)).isGreaterThanOrEqualTo(d.alertThreshold() * 0.25);
    }
}
