package io.mcpmonitor.core.detect;

import java.util.Arrays;

/**
 * The minutes with calls of one series as the standing-problem checks need them: start, calls,
 * failed calls and p95 response time of each, oldest first, kept while the store keeps the series'
 * minute data. Filled once per closed minute by {@link SeriesWatch#observe}, so a request judges a
 * window from these numbers instead of re-reading and re-decoding every minute histogram of the store.
 *
 * <p>Not thread-safe; guarded by the owning {@link DetectorBank}'s lock. Memory: 24 bytes per minute
 * with calls (about 35 KB for a day of a busy series).
 */
final class CallHistory {
    private long[] minutes = new long[16];
    private long[] calls = new long[16];
    private long[] failed = new long[16];
    private double[] p95 = new double[16];
    private int start;
    private int end;
    private long allCalls;
    private long allFailed;

    /**
     * Writes the minutes kept ({@code [start, end)}, not those forgotten before them), where they sit
     * and the capacity, so a restored history has the same layout.
     */
    void writeState(StateOut out) {
        int live = end - start;
        out.i64s(minutes, start, live).i64s(calls, start, live).i64s(failed, start, live).f64s(p95, start, live)
                .i32(minutes.length).i32(start).i64(allCalls).i64(allFailed);
    }

    /** Restores what {@link #writeState} wrote into an empty history. */
    void readState(StateIn in) {
        long[] m = in.i64s(Integer.MAX_VALUE / 8);
        long[] c = in.i64s(m.length);
        long[] f = in.i64s(m.length);
        double[] p = in.f64s(m.length);
        int capacity = in.count(Integer.MAX_VALUE / 8);
        int first = in.count(capacity);
        if (c.length != m.length || f.length != m.length || p.length != m.length || capacity < 1
                || (long) first + m.length > capacity) {
            throw new StateIn.Damaged("history of " + m.length + " minutes from " + first + " in " + capacity);
        }
        minutes = new long[capacity];
        calls = new long[capacity];
        failed = new long[capacity];
        p95 = new double[capacity];
        System.arraycopy(m, 0, minutes, first, m.length);
        System.arraycopy(c, 0, calls, first, m.length);
        System.arraycopy(f, 0, failed, first, m.length);
        System.arraycopy(p, 0, p95, first, m.length);
        start = first;
        end = first + m.length;
        allCalls = in.i64();
        allFailed = in.i64();
    }

    /** Adds a minute after every minute added so far; minutes without calls are not kept. */
    void add(long minuteMillis, long callCount, long failedCount, double p95Ms) {
        if (callCount <= 0) {
            return;
        }
        if (end == minutes.length) {
            grow();
        }
        minutes[end] = minuteMillis;
        calls[end] = callCount;
        failed[end] = failedCount;
        p95[end] = p95Ms;
        end++;
        allCalls += callCount;
        allFailed += failedCount;
    }

    /** Forgets the minutes before {@code minuteMillis} (the store no longer holds them). */
    void forgetBefore(long minuteMillis) {
        while (start < end && minutes[start] < minuteMillis) {
            allCalls -= calls[start];
            allFailed -= failed[start];
            // cleared, so the slots before start hold nothing learned (a restored history has zeros there too)
            minutes[start] = 0;
            calls[start] = 0;
            failed[start] = 0;
            p95[start] = 0;
            start++;
        }
    }

    /** Calls over every minute kept. */
    long allCalls() {
        return allCalls;
    }

    /** Failed calls over every minute kept. */
    long allFailed() {
        return allFailed;
    }

    /** Start of the first minute kept, or Long.MAX_VALUE when none is. */
    long firstMinute() {
        return start < end ? minutes[start] : Long.MAX_VALUE;
    }

    /** Start of the last minute kept, or Long.MIN_VALUE when none is. */
    long lastMinute() {
        return start < end ? minutes[end - 1] : Long.MIN_VALUE;
    }

    /** Index of the first minute at or after {@code minuteMillis} (== {@link #end()} when none is). */
    int indexOf(long minuteMillis) {
        int i = Arrays.binarySearch(minutes, start, end, minuteMillis);
        return i >= 0 ? i : -i - 1;
    }

    /** One past the newest index. */
    int end() {
        return end;
    }

    long minute(int i) {
        return minutes[i];
    }

    long calls(int i) {
        return calls[i];
    }

    long failed(int i) {
        return failed[i];
    }

    /** p95 in ms of the minute, NaN when its calls carried no durations. */
    double p95(int i) {
        return p95[i];
    }

    private void grow() {
        int live = end - start;
        int capacity = live * 2 <= minutes.length ? minutes.length : minutes.length * 2;
        minutes = move(minutes, capacity, live);
        calls = move(calls, capacity, live);
        failed = move(failed, capacity, live);
        double[] p = new double[capacity];
        System.arraycopy(p95, start, p, 0, live);
        p95 = p;
        end = live;
        start = 0;
    }

    private long[] move(long[] a, int capacity, int live) {
        long[] out = new long[capacity];
        System.arraycopy(a, start, out, 0, live);
        return out;
    }
}
