package io.mcpmonitor.core.record;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls of one series by calling client, between two drains. A client is a label, {@code name/version} of
 * the {@code clientInfo} it sent at initialisation. At most {@value #MAX_CLIENTS} distinct labels are
 * itemised per series; calls of further clients are counted under {@value #OTHER}, so memory stays bounded
 * however many clients (or versions of them) connect.
 *
 * <p>Thread-safe. {@link #add} is lock-free and allocation-free once the client's counter exists;
 * {@link #drain} must be called from one thread at a time (the flushing thread). A call added while a drain
 * runs is counted in this drain or the next, never lost or counted twice.
 */
final class ClientCounts {

    /** Distinct clients itemised per series; documented in docs/CLIENTS.md. */
    static final int MAX_CLIENTS = 32;
    /** The label calls of clients beyond {@link #MAX_CLIENTS} are counted under. */
    static final String OTHER = "other";

    private final ConcurrentHashMap<String, AtomicLong> byClient = new ConcurrentHashMap<>();

    /** Counts one call of {@code client} (not null). */
    void add(String client) {
        AtomicLong n = byClient.get(client);
        if (n == null) {
            n = counterFor(client);
        }
        n.incrementAndGet();
    }

    private AtomicLong counterFor(String client) {
        // Counters are never removed, so the size only grows and the cap holds without a lock.
        if (byClient.size() >= MAX_CLIENTS && !byClient.containsKey(client)) {
            return byClient.computeIfAbsent(OTHER, k -> new AtomicLong());
        }
        return byClient.computeIfAbsent(client, k -> new AtomicLong());
    }

    /** The calls counted since the last drain, by client, leaving out clients with none; resets them. */
    Map<String, Long> drain() {
        if (byClient.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> out = new TreeMap<>();
        byClient.forEach((client, n) -> {
            long c = n.getAndSet(0);
            if (c > 0) {
                out.put(client, c);
            }
        });
        return out.isEmpty() ? Map.of() : out;
    }
}
