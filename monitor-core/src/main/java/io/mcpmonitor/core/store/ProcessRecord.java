package io.mcpmonitor.core.store;

import java.util.List;

/**
 * Resource usage of one writer process, sampled at a flush. A value the OS does not tell is
 * {@code -1}. {@code servers} names the servers whose calls the process recorded since the last
 * sample, so a reader can tie resources to servers.
 *
 * @param atMillis        when sampled, epoch milliseconds
 * @param cpuPercent      process CPU load over the last interval, 0..100 of the whole machine
 * @param heapUsedMb      heap in use, MiB
 * @param heapMaxMb       maximum heap, MiB ({@code -1} if unbounded)
 * @param heapPercent     heap used as a percentage of the maximum
 * @param diskReadKb      bytes read from storage since the last sample, KiB ({@code -1} if unknown)
 * @param diskWriteKb     bytes written to storage since the last sample, KiB ({@code -1} if unknown)
 */
public record ProcessRecord(long atMillis, String writer, long pid, List<String> servers, double cpuPercent,
                            double heapUsedMb, double heapMaxMb, double heapPercent,
                            double diskReadKb, double diskWriteKb) {

    public ProcessRecord {
        servers = List.copyOf(servers);
    }
}
