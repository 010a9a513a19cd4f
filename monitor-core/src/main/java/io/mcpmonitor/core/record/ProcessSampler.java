package io.mcpmonitor.core.record;

import io.mcpmonitor.core.store.ProcessRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Samples this process's resources at each flush: CPU load over the interval (from process CPU
 * time, so it is exact for the interval rather than an instantaneous guess), heap, and disk I/O
 * from {@code /proc/self/io} where the OS has it. Values the platform does not tell are -1.
 *
 * <p>Not thread-safe: called by the flushing thread only.
 */
final class ProcessSampler {

    private static final Path PROC_IO = Path.of("/proc/self/io");

    private final String writerId;
    private final int processors = Runtime.getRuntime().availableProcessors();
    private long lastCpuNanos = -1;
    private long lastSampleNanos;
    private long lastReadBytes = -1;
    private long lastWriteBytes = -1;

    ProcessSampler(String writerId) {
        this.writerId = writerId;
    }

    ProcessRecord sample(long wallMillis, long monotonicNanos, List<String> servers) {
        double cpuPercent = -1;
        long cpu = processCpuNanos();
        if (cpu >= 0 && lastCpuNanos >= 0 && monotonicNanos > lastSampleNanos) {
            cpuPercent = 100.0 * (cpu - lastCpuNanos) / ((double) (monotonicNanos - lastSampleNanos) * processors);
            cpuPercent = Math.max(0, Math.min(100, cpuPercent));
        }
        lastCpuNanos = cpu;
        lastSampleNanos = monotonicNanos;

        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        double usedMb = heap.getUsed() / 1048576.0;
        double maxMb = heap.getMax() < 0 ? -1 : heap.getMax() / 1048576.0;
        double heapPercent = heap.getMax() > 0 ? 100.0 * heap.getUsed() / heap.getMax() : -1;

        double readKb = -1;
        double writeKb = -1;
        long[] io = readProcIo();
        if (io != null) {
            if (lastReadBytes >= 0) {
                readKb = (io[0] - lastReadBytes) / 1024.0;
                writeKb = (io[1] - lastWriteBytes) / 1024.0;
            }
            lastReadBytes = io[0];
            lastWriteBytes = io[1];
        }
        return new ProcessRecord(wallMillis, writerId, ProcessHandle.current().pid(), servers, cpuPercent,
                usedMb, maxMb, heapPercent, readKb, writeKb);
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    private static long[] readProcIo() {
        try {
            if (!Files.isReadable(PROC_IO)) {
                return null;
            }
            long read = -1;
            long write = -1;
            for (String line : Files.readAllLines(PROC_IO)) {
                if (line.startsWith("read_bytes:")) {
                    read = Long.parseLong(line.substring(11).trim());
                } else if (line.startsWith("write_bytes:")) {
                    write = Long.parseLong(line.substring(12).trim());
                }
            }
            return read >= 0 && write >= 0 ? new long[] {read, write} : null;
        } catch (Exception e) {
            // /proc/self/io is absent or unreadable in some containers; disk I/O is then unknown.
            return null;
        }
    }
}
