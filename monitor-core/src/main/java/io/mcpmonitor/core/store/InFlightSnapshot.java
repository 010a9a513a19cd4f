package io.mcpmonitor.core.store;

import java.util.List;
import java.util.Objects;

/**
 * The tool calls one writer process has running at one moment, per (server, tool): how many and since
 * when the oldest runs. Written by the agent at each flush ({@link InFlightSnapshots#write}), read by the
 * sidecar, so a running or hung call is visible before it ends.
 *
 * @param writer         the writer id of the process (as in its minute files)
 * @param pid            its process id
 * @param atMillis       when taken, epoch milliseconds
 * @param intervalMillis how often the process takes one: a snapshot older than
 *                       {@link InFlightSnapshots#STALE_INTERVALS} of these is of a process gone (or stuck)
 * @param calls          the running calls by series; empty when none
 */
public record InFlightSnapshot(String writer, long pid, long atMillis, long intervalMillis, List<Series> calls) {

    public InFlightSnapshot {
        WriterIds.requireSafe(writer);
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("intervalMillis must be positive, was " + intervalMillis);
        }
        calls = List.copyOf(calls);
    }

    /**
     * The running calls of one series.
     *
     * @param count             calls running, at least 1
     * @param oldestStartMillis when the oldest of them started, epoch milliseconds
     */
    public record Series(String server, String tool, long count, long oldestStartMillis) {
        public Series {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(tool, "tool");
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1, was " + count);
            }
        }
    }
}
