package io.mcpmonitor.core.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Detection of one server's process resources: CPU (percent of the machine, summed over the
 * server's processes) and heap (percent of the maximum, the highest of its processes), one point
 * per minute that has samples. Feed minutes in order with {@link #observe}.
 *
 * <p>Not thread-safe; guarded by the owning {@link DetectorBank}'s lock.
 */
final class ServerWatch {
    final String server;
    private final ResourceWatch cpu;
    private final ResourceWatch heap;
    private final IncidentTracker cpuIncidents;
    private final IncidentTracker heapIncidents;
    /** The first minute not yet observed; Long.MIN_VALUE before the first. */
    long nextMinute = Long.MIN_VALUE;

    ServerWatch(String server, DetectionMethod method, Sensitivity sensitivity) {
        this.server = server;
        this.cpu = new ResourceWatch(Metric.CPU, method, sensitivity);
        this.heap = new ResourceWatch(Metric.HEAP, method, sensitivity);
        this.cpuIncidents = new IncidentTracker(server, null, Metric.Family.CPU, method.wireName());
        this.heapIncidents = new IncidentTracker(server, null, Metric.Family.HEAP, method.wireName());
    }

    void writeState(StateOut out) {
        out.i64(nextMinute);
        cpu.writeState(out);
        heap.writeState(out);
        cpuIncidents.writeState(out);
        heapIncidents.writeState(out);
    }

    void readState(StateIn in, java.util.Map<String, Incident> known) {
        nextMinute = in.i64();
        cpu.readState(in);
        heap.readState(in);
        cpuIncidents.readState(in, known);
        heapIncidents.readState(in, known);
    }

    /** Learns one minute (a value below 0 is unknown); returns the incidents it changed. */
    List<Incident> observe(long minuteMillis, double cpuPercent, double heapPercent) {
        nextMinute = minuteMillis + 60_000L;
        List<Incident> changed = new ArrayList<>(0);
        Signal c = cpu.observe(minuteMillis, cpuPercent);
        Incident ci = cpuIncidents.minute(minuteMillis, c == null ? List.of() : List.of(c));
        if (ci != null) {
            changed.add(ci);
        }
        Signal h = heap.observe(minuteMillis, heapPercent);
        Incident hi = heapIncidents.minute(minuteMillis, h == null ? List.of() : List.of(h));
        if (hi != null) {
            changed.add(hi);
        }
        return changed;
    }
}
