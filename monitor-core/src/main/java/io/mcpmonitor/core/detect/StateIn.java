package io.mcpmonitor.core.detect;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads back what {@link StateOut} wrote, in the same order. Any mismatch (a length that is not
 * the one expected, bytes missing, an impossible value) throws {@link Damaged}: the caller then
 * drops the whole checkpoint and learns from the store instead. Not thread-safe.
 */
final class StateIn {
    /** The state does not read back as written by this build. */
    static final class Damaged extends RuntimeException {
        Damaged(String message) {
            super(message);
        }
    }

    private final ByteBuffer buf;

    StateIn(byte[] bytes, int offset, int length) {
        this(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Reads {@code bytes} from its position to its limit. */
    StateIn(ByteBuffer bytes) {
        buf = bytes.slice().order(ByteOrder.BIG_ENDIAN);
    }

    int i32() {
        try {
            return buf.getInt();
        } catch (BufferUnderflowException e) {
            throw new Damaged("cut short at byte " + buf.position());
        }
    }

    long i64() {
        try {
            return buf.getLong();
        } catch (BufferUnderflowException e) {
            throw new Damaged("cut short at byte " + buf.position());
        }
    }

    double f64() {
        try {
            return buf.getDouble();
        } catch (BufferUnderflowException e) {
            throw new Damaged("cut short at byte " + buf.position());
        }
    }

    boolean bool() {
        try {
            byte b = buf.get();
            if (b != 0 && b != 1) {
                throw new Damaged("not a boolean at byte " + (buf.position() - 1));
            }
            return b == 1;
        } catch (BufferUnderflowException e) {
            throw new Damaged("cut short at byte " + buf.position());
        }
    }

    /** A string or null. */
    String str() {
        int n = i32();
        if (n == -1) {
            return null;
        }
        byte[] b = new byte[check(n, buf.remaining())];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** An int in {@code [0, max]}. */
    int count(int max) {
        return check(i32(), max);
    }

    /** Fills {@code a[0..n)} from a double array written with length n, {@code n <= a.length}; returns n. */
    int f64sInto(double[] a) {
        return f64sInto(a, 0);
    }

    /** Fills {@code a[from..from+n)} from a double array written with length n, {@code from + n <= a.length}; returns n. */
    int f64sInto(double[] a, int from) {
        int n = count(a.length - from);
        doubles(a, from, n);
        return n;
    }

    /** Fills all of {@code a} from a double array that must have its length. */
    void f64sExactly(double[] a) {
        if (f64sInto(a) != a.length) {
            throw new Damaged("array of " + a.length + " expected");
        }
    }

    /** Fills {@code a[0..n)} from a long array written with length n, {@code n <= a.length}; returns n. */
    int i64sInto(long[] a) {
        int n = count(a.length);
        longs(a, 0, n);
        return n;
    }

    void i64sExactly(long[] a) {
        if (i64sInto(a) != a.length) {
            throw new Damaged("array of " + a.length + " expected");
        }
    }

    /** A new double array of the length written (at most {@code max}). */
    double[] f64s(int max) {
        int n = count(max);
        need(1L + n); // every encoding takes at least a byte a value: no huge array for a damaged length
        double[] a = new double[n];
        doubles(a, 0, n);
        return a;
    }

    /** A new long array of the length written (at most {@code max}). */
    long[] i64s(int max) {
        int n = count(max);
        need(1L + n);
        long[] a = new long[n];
        longs(a, 0, n);
        return a;
    }

    /** Reads {@code n} doubles as {@link StateOut#f64s(double[], int, int)} wrote them (after the length). */
    private void doubles(double[] a, int from, int n) {
        byte tag = tag();
        if (tag == StateOut.RAW) {
            need(8L * n);
            buf.asDoubleBuffer().get(a, from, n);
            buf.position(buf.position() + 8 * n);
        } else if (tag == StateOut.TABLE) {
            int k = i32();
            if (k < 1 || k > StateOut.MAX_TABLE) {
                throw new Damaged("table of " + k + " values");
            }
            need(8L * k);
            double[] table = new double[k];
            buf.asDoubleBuffer().get(table);
            buf.position(buf.position() + 8 * k);
            boolean wide = k > 256;
            need((wide ? 2L : 1L) * n);
            for (int i = 0; i < n; i++) {
                int index = wide ? buf.getShort() & 0xFFFF : buf.get() & 0xFF;
                if (index >= k) {
                    throw new Damaged("index " + index + " in a table of " + k);
                }
                a[from + i] = table[index];
            }
        } else {
            throw new Damaged("double array tagged " + tag);
        }
    }

    /** Reads {@code n} longs as {@link StateOut#i64s(long[], int, int)} wrote them (after the length). */
    private void longs(long[] a, int from, int n) {
        byte tag = tag();
        if (tag == StateOut.RAW) {
            need(8L * n);
            buf.asLongBuffer().get(a, from, n);
            buf.position(buf.position() + 8 * n);
        } else if (tag == StateOut.DELTAS) {
            long previous = 0;
            for (int i = 0; i < n; i++) {
                long v = 0;
                int shift = 0;
                byte b;
                do {
                    if (!buf.hasRemaining() || shift > 63) {
                        throw new Damaged("varint cut short at byte " + buf.position());
                    }
                    b = buf.get();
                    v |= (long) (b & 0x7F) << shift;
                    shift += 7;
                } while (b < 0);
                previous += (v >>> 1) ^ -(v & 1);
                a[from + i] = previous;
            }
        } else {
            throw new Damaged("long array tagged " + tag);
        }
    }

    private byte tag() {
        need(1);
        return buf.get();
    }

    /** The next piece, written as its length in bytes and then its bytes, to be read on its own. */
    StateIn piece() {
        int n = count(Integer.MAX_VALUE);
        need(n);
        StateIn piece = new StateIn(buf.slice(buf.position(), n));
        buf.position(buf.position() + n);
        return piece;
    }

    boolean atEnd() {
        return !buf.hasRemaining();
    }

    private void need(long bytes) {
        if (buf.remaining() < bytes) {
            throw new Damaged("cut short at byte " + buf.position());
        }
    }

    private static int check(int n, int max) {
        if (n < 0 || n > max) {
            throw new Damaged("count " + n + " outside [0, " + max + "]");
        }
        return n;
    }
}
