package io.mcpmonitor.prometheus.exposition;

import io.mcpmonitor.core.store.ProcessRecord;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The process samples the agent writes, as OpenTelemetry's process and JVM metrics per server: CPU,
 * heap used and its limit from the latest sample (if recent), and disk I/O summed over every sample
 * the store holds (a counter). A sample naming several servers counts for each.
 *
 * <p>Stateless; allocates the snapshots.
 */
final class ProcessGauges {

    private static final double MIB = 1024.0 * 1024.0;

    private ProcessGauges() {
    }

    /** The metrics of {@code samples}; gauges only from samples taken at or after {@code freshSinceMillis}. */
    static List<MetricSnapshot> of(List<ProcessRecord> samples, long freshSinceMillis) {
        Map<String, ProcessRecord> latest = new TreeMap<>();
        Map<String, double[]> disk = new TreeMap<>(); // server -> {read bytes, write bytes}
        for (ProcessRecord p : samples) {
            for (String server : p.servers()) {
                latest.merge(server, p, (a, b) -> b.atMillis() >= a.atMillis() ? b : a);
                double[] d = disk.computeIfAbsent(server, k -> new double[2]);
                d[0] += Math.max(0, p.diskReadKb()) * 1024;
                d[1] += Math.max(0, p.diskWriteKb()) * 1024;
            }
        }
        GaugeSnapshot.Builder cpu = GaugeSnapshot.builder().name(OtelNames.PROCESS_CPU)
                .help("CPU of the server's process, 0..1 of the whole machine, latest sample.");
        GaugeSnapshot.Builder heap = GaugeSnapshot.builder().name(OtelNames.HEAP_USED)
                .help("Heap in use by the server's JVM, latest sample.");
        GaugeSnapshot.Builder limit = GaugeSnapshot.builder().name(OtelNames.HEAP_LIMIT)
                .help("Maximum heap of the server's JVM, latest sample.");
        for (var e : latest.entrySet()) {
            ProcessRecord p = e.getValue();
            if (p.atMillis() < freshSinceMillis) {
                continue;
            }
            Labels server = Labels.of(OtelNames.SERVER, e.getKey());
            Labels heapLabels = server.add("jvm_memory_type", "heap");
            if (p.cpuPercent() >= 0) {
                cpu.dataPoint(gauge(server, p.cpuPercent() / 100));
            }
            if (p.heapUsedMb() >= 0) {
                heap.dataPoint(gauge(heapLabels, p.heapUsedMb() * MIB));
            }
            if (p.heapMaxMb() >= 0) {
                limit.dataPoint(gauge(heapLabels, p.heapMaxMb() * MIB));
            }
        }
        CounterSnapshot.Builder io = CounterSnapshot.builder().name(OtelNames.counterBase(OtelNames.DISK_IO))
                .help("Bytes the server's processes read and wrote on storage, every sample the store holds.");
        disk.forEach((server, d) -> {
            io.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of(OtelNames.SERVER, server, "disk_io_direction", "read")).value(d[0]).build());
            io.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of(OtelNames.SERVER, server, "disk_io_direction", "write")).value(d[1]).build());
        });
        return List.of(cpu.build(), heap.build(), limit.build(), io.build());
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
