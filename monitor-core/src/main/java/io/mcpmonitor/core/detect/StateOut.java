package io.mcpmonitor.core.detect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer that the detection components write their learned state into
 * ({@code writeState}); {@link StateIn} reads it back in the same order. Arrays are written with
 * their length, so a reader can check it against the array it fills, then in the smallest of a few
 * exact forms (a table of distinct doubles, varint differences of longs), or all as they are for a
 * quick copy. Not thread-safe.
 */
final class StateOut {
    /** Tag of an array written value by value. */
    static final byte RAW = 0;
    /** Tag of a double array written as its distinct values and an index (1 byte, or 2 beyond 256 values) per value. */
    static final byte TABLE = 1;
    /** Tag of a long array written as zigzag varint differences. */
    static final byte DELTAS = 2;
    /** Most distinct values a table holds (2-byte indices). */
    static final int MAX_TABLE = 1 << 16;
    private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.BIG_ENDIAN);
    /** Whether arrays are written in their smaller forms, or all {@link #RAW} (a quick copy). */
    private final boolean compact;
    // the distinct values of the array being written: an open-addressing set of their bits, reused
    private long[] slotBits = new long[0];
    private int[] slotIndex = new int[0];
    private int[] slotStamp = new int[0];
    private int stamp;
    private int mask;
    private long[] tableBits = new long[16];

    /** A buffer that writes arrays in their smaller forms. */
    StateOut() {
        this(true);
    }

    /** @param compact false to write every array {@link #RAW}: a copy that takes as little time as possible */
    StateOut(boolean compact) {
        this.compact = compact;
    }

    private ByteBuffer room(int bytes) {
        if (buf.remaining() < bytes) {
            long need = (long) buf.position() + bytes;
            int capacity = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(need, 2L * buf.capacity()));
            if (capacity < need) {
                throw new IllegalStateException("detector state over 2 GB");
            }
            ByteBuffer bigger = ByteBuffer.allocate(capacity).order(ByteOrder.BIG_ENDIAN);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
        return buf;
    }

    StateOut i32(int v) {
        room(4).putInt(v);
        return this;
    }

    StateOut i64(long v) {
        room(8).putLong(v);
        return this;
    }

    StateOut f64(double v) {
        room(8).putDouble(v);
        return this;
    }

    StateOut bool(boolean v) {
        room(1).put((byte) (v ? 1 : 0));
        return this;
    }

    /** A string, or null. */
    StateOut str(String s) {
        if (s == null) {
            return i32(-1);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        i32(b.length);
        room(b.length).put(b);
        return this;
    }

    /** {@code a[0..length)}, with the length first. */
    StateOut f64s(double[] a, int length) {
        return f64s(a, 0, length);
    }

    /**
     * {@code a[from..from+length)}, with the length first, then as {@link #RAW} values or, when that is
     * smaller, as a {@link #TABLE} of the distinct values (by their bits) and each value's index in it:
     * a window or profile holds values that repeat (response times from a histogram of two
     * significant digits, call counts, weights that are whole numbers, zeros).
     */
    StateOut f64s(double[] a, int from, int length) {
        i32(length);
        int k = compact ? distinct(a, from, length) : -1;
        if (k < 0) {
            room(1 + 8 * length).put(RAW).asDoubleBuffer().put(a, from, length);
            buf.position(buf.position() + 8 * length);
            return this;
        }
        int width = k <= 256 ? 1 : 2;
        ByteBuffer b = room(1 + 4 + 8 * k + width * length).put(TABLE).putInt(k);
        for (int t = 0; t < k; t++) {
            b.putDouble(Double.longBitsToDouble(tableBits[t]));
        }
        for (int i = 0; i < length; i++) {
            int index = indexOf(Double.doubleToRawLongBits(a[from + i]));
            if (width == 1) {
                b.put((byte) index);
            } else {
                b.putShort((short) index);
            }
        }
        return this;
    }

    StateOut f64s(double[] a) {
        return f64s(a, a.length);
    }

    /** {@code a[0..length)}, with the length first. */
    StateOut i64s(long[] a, int length) {
        return i64s(a, 0, length);
    }

    /**
     * {@code a[from..from+length)}, with the length first, then as {@link #RAW} values or, when that is
     * smaller, as {@link #DELTAS}: each value's difference from the one before (from 0), zigzag-coded
     * in 7-bit groups (minutes a minute apart, small counts).
     */
    StateOut i64s(long[] a, int from, int length) {
        i32(length);
        long packed = 0;
        long previous = 0;
        for (int i = 0; compact && i < length; i++) {
            packed += varintBytes(zigzag(a[from + i] - previous));
            previous = a[from + i];
        }
        if (!compact || packed >= 8L * length) {
            room(1 + 8 * length).put(RAW).asLongBuffer().put(a, from, length);
            buf.position(buf.position() + 8 * length);
            return this;
        }
        ByteBuffer b = room(1 + (int) packed).put(DELTAS);
        previous = 0;
        for (int i = 0; i < length; i++) {
            long v = zigzag(a[from + i] - previous);
            previous = a[from + i];
            while ((v & ~0x7FL) != 0) {
                b.put((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            b.put((byte) v);
        }
        return this;
    }

    StateOut i64s(long[] a) {
        return i64s(a, a.length);
    }

    /**
     * Collects the distinct values (by their bits) of {@code a[from..from+length)} into the table, in
     * order of first appearance; returns how many, or -1 when a table would not be smaller than the
     * values themselves.
     */
    private int distinct(double[] a, int from, int length) {
        if (length == 0) {
            return -1;
        }
        int limit = Math.min(MAX_TABLE, length);
        int capacity = Integer.highestOneBit(Math.max(16, 2 * limit - 1)) << 1;
        if (slotBits.length < capacity) {
            slotBits = new long[capacity];
            slotIndex = new int[capacity];
            slotStamp = new int[capacity];
            stamp = 0;
        }
        if (++stamp == 0) {
            Arrays.fill(slotStamp, 0);
            stamp = 1;
        }
        mask = Math.min(capacity, slotBits.length) - 1;
        int k = 0;
        for (int i = 0; i < length; i++) {
            long bits = Double.doubleToRawLongBits(a[from + i]);
            int h = slot(bits);
            while (slotStamp[h] == stamp && slotBits[h] != bits) {
                h = (h + 1) & mask;
            }
            if (slotStamp[h] != stamp) {
                if (k == limit) {
                    return -1;
                }
                slotStamp[h] = stamp;
                slotBits[h] = bits;
                slotIndex[h] = k;
                if (k == tableBits.length) {
                    tableBits = Arrays.copyOf(tableBits, 2 * k);
                }
                tableBits[k++] = bits;
            }
        }
        long table = 4L + 8L * k + (long) (k <= 256 ? 1 : 2) * length;
        return table < 8L * length ? k : -1;
    }

    private int slot(long bits) {
        long h = bits * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The table index of a value collected by the last {@link #distinct}. */
    private int indexOf(long bits) {
        int h = slot(bits);
        while (slotBits[h] != bits || slotStamp[h] != stamp) {
            h = (h + 1) & mask;
        }
        return slotIndex[h];
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static int varintBytes(long v) {
        return v == 0 ? 1 : (63 - Long.numberOfLeadingZeros(v)) / 7 + 1;
    }

    /** Forgets what was written, keeping the space. */
    void reset() {
        buf.clear();
    }

    int size() {
        return buf.position();
    }

    /** The bytes written so far, without copying them (valid until the next write or reset). */
    ByteBuffer buffer() {
        return buf.duplicate().flip();
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf.array(), buf.position());
    }
}
