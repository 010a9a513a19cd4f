package io.mcpmonitor.core.detect;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer that the detection components write their learned state into
 * ({@code writeState}); {@link StateIn} reads it back in the same order. Arrays are written with
 * their length, so a reader can check it against the array it fills. Not thread-safe.
 */
final class StateOut {
    private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.BIG_ENDIAN);

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

    /** {@code a[from..from+length)}, with the length first. */
    StateOut f64s(double[] a, int from, int length) {
        i32(length);
        room(8 * length).asDoubleBuffer().put(a, from, length);
        buf.position(buf.position() + 8 * length);
        return this;
    }

    StateOut f64s(double[] a) {
        return f64s(a, a.length);
    }

    /** {@code a[0..length)}, with the length first. */
    StateOut i64s(long[] a, int length) {
        return i64s(a, 0, length);
    }

    /** {@code a[from..from+length)}, with the length first. */
    StateOut i64s(long[] a, int from, int length) {
        i32(length);
        room(8 * length).asLongBuffer().put(a, from, length);
        buf.position(buf.position() + 8 * length);
        return this;
    }

    /** Appends what {@code other} holds. */
    StateOut bytes(StateOut other) {
        int n = other.buf.position();
        room(n).put(other.buf.array(), 0, n);
        return this;
    }

    StateOut i64s(long[] a) {
        return i64s(a, a.length);
    }

    int size() {
        return buf.position();
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf.array(), buf.position());
    }
}
