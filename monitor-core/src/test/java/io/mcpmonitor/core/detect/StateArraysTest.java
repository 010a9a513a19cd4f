package io.mcpmonitor.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The array forms of {@link StateOut} read back by {@link StateIn} bit for bit (NaN, both zeros,
 * extreme longs), in whichever form the writer chose, and the smaller forms are chosen when they are
 * smaller.
 */
class StateArraysTest {
    private static double[] roundTrip(double[] a, boolean compact) {
        StateOut out = new StateOut(compact);
        out.f64s(a).i32(0x5EED);
        byte[] b = out.toByteArray();
        StateIn in = new StateIn(b, 0, b.length);
        double[] back = in.f64s(a.length);
        assertThat(in.i32()).isEqualTo(0x5EED);
        assertThat(in.atEnd()).isTrue();
        return back;
    }

    private static long[] roundTrip(long[] a, boolean compact) {
        StateOut out = new StateOut(compact);
        out.i64s(a).i32(0x5EED);
        byte[] b = out.toByteArray();
        StateIn in = new StateIn(b, 0, b.length);
        long[] back = new long[a.length];
        assertThat(in.i64sInto(back)).isEqualTo(a.length);
        assertThat(in.i32()).isEqualTo(0x5EED);
        return back;
    }

    private static void assertBits(double[] a, double[] b) {
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.length; i++) {
            assertThat(Double.doubleToRawLongBits(b[i])).as("value %d", i).isEqualTo(Double.doubleToRawLongBits(a[i]));
        }
    }

    private static int size(double[] a) {
        return new StateOut().f64s(a).size();
    }

    @Test
    void doublesReadBackBitForBitInEveryForm() {
        Random r = new Random(7);
        double odd = Double.longBitsToDouble(0x7FF8_0000_0000_0123L); // a NaN with a payload
        double[] few = new double[1440];
        double[] some = new double[1440];
        double[] all = new double[100_000];
        for (int i = 0; i < few.length; i++) {
            few[i] = new double[] {0.0, -0.0, Double.NaN, odd, 47.0, Double.MIN_VALUE}[r.nextInt(6)];
            some[i] = Math.round(r.nextGaussian() * 300) / 7.0; // about 1,000 distinct values
        }
        for (int i = 0; i < all.length; i++) {
            all[i] = i % 3 == 0 ? r.nextDouble() : i;
        }
        for (double[] a : new double[][] {few, some, all, new double[0], {Double.NEGATIVE_INFINITY}}) {
            assertBits(a, roundTrip(a, true));
            assertBits(a, roundTrip(a, false));
        }
        assertThat(size(few)).as("6 distinct values: a byte each").isLessThan(4 + 1 + 4 + 6 * 8 + few.length + 1);
        assertThat(size(some)).as("800 distinct values: a table and 2-byte indices").isLessThan(4 + 1 + 8 * some.length);
        assertThat(size(all)).as("no table beyond 65,536 distinct values").isEqualTo(4 + 1 + 8 * all.length);
    }

    @Test
    void longsReadBackInEveryForm() {
        long[] minutes = new long[1440];
        for (int i = 0; i < minutes.length; i++) {
            minutes[i] = 1_748_851_200_000L + 60_000L * i;
        }
        long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, Long.MIN_VALUE, -7, Long.MAX_VALUE};
        for (long[] a : new long[][] {minutes, extremes, new long[0]}) {
            assertThat(roundTrip(a, true)).containsExactly(a);
            assertThat(roundTrip(a, false)).containsExactly(a);
        }
        assertThat(new StateOut().i64s(minutes).size()).as("a minute apart: 3 bytes a value").isLessThan(4 + 1 + 8 + 3 * 1440);
    }

    @Test
    void aTableIndexOutsideTheTableDoesNotReadBack() {
        double[] a = {1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0};
        byte[] b = new StateOut().f64s(a).toByteArray();
        assertThat(b[4]).isEqualTo(StateOut.TABLE);
        b[b.length - 1] = 2; // the last index, in a table of two values
        assertThatThrownBy(() -> new StateIn(b, 0, b.length).f64s(8)).isInstanceOf(StateIn.Damaged.class);
    }
}
