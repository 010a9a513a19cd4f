package io.mcpmonitor.agent.bootstrap;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool calls that have started and not ended, and the watchdog that counts a call still running
 * after the call timeout (the agent option {@code timeout}) as {@code timeout} at that moment, so a
 * hung call shows in the store while it hangs, not only if it ever ends (its late end is then
 * ignored: a call is counted once).
 *
 * <p>JDK types only (bootstrap class path). Thread-safe: calls are added and removed by the threads
 * that start and end them (one set insertion and removal per call), and swept by one daemon thread,
 * {@code mcp-monitor-timeout}, which wakes every quarter of the limit (at most every second). Off
 * (nothing registered, no thread) when the limit is 0. Never throws into the host.
 */
final class InFlightCalls {

    private static final Set<ToolCall> CALLS = ConcurrentHashMap.newKeySet();
    private static volatile long limitNanos;
    private static Thread watchdog; // guarded by InFlightCalls.class

    private InFlightCalls() {
    }

    /** Sets the limit in nanoseconds ({@code 0}: off) and starts the watchdog on first use. */
    static synchronized void configure(long limit) {
        limitNanos = Math.max(0, limit);
        if (limitNanos > 0 && watchdog == null) {
            watchdog = new Thread(InFlightCalls::sweepForever, "mcp-monitor-timeout");
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    static boolean enabled() {
        return limitNanos > 0;
    }

    static void add(ToolCall call) {
        CALLS.add(call);
    }

    static void remove(ToolCall call) {
        CALLS.remove(call);
    }

    /** Calls running now. */
    static int count() {
        return CALLS.size();
    }

    private static void sweepForever() {
        while (true) {
            long limit = limitNanos;
            long periodMillis = Math.max(25, Math.min(1_000, limit / 4_000_000));
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            try {
                sweep(System.nanoTime(), limit);
            } catch (Throwable t) {
                Bridge.internalError("timeout watchdog", t);
            }
        }
    }

    /** Counts every call older than {@code limit} as timed out. */
    static void sweep(long nowNanos, long limit) {
        if (limit <= 0) {
            return;
        }
        for (ToolCall call : CALLS) {
            if (call.expire(nowNanos, limit)) {
                CALLS.remove(call);
            }
        }
    }
}
