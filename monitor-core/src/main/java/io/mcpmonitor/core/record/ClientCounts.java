package io.mcpmonitor.core.record;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls of one series by calling client, and how many of them failed (any outcome but success), between two
 * drains. A client is a label, {@code name/version} of
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

    private final ConcurrentHashMap<String, Counter> byClient = new ConcurrentHashMap<>();

    /** The two counters of one client. */
    private static final class Counter {
        final AtomicLong calls = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
    }

    /** What one drain took: calls and failed calls by client (clients without any left out). */
    record Drained(Map<String, Long> calls, Map<String, Long> errors) {
        static final Drained NONE = new Drained(Map.of(), Map.of());
    }

    /** Counts one call of {@code client} (not null); {@code failed} when its outcome was not a success. */
    void add(String client, boolean failed) {
        Counter n = byClient.get(client);
        if (n == null) {
            n = counterFor(client);
        }
        // The call first, its error after; a drain takes errors before calls: a drain between the two then counts
        // the error no earlier than its call, so the errors of a drain never exceed its calls.
        n.calls.incrementAndGet();
        if (failed) {
            n.errors.incrementAndGet();
        }
    }

    private Counter counterFor(String client) {
        // Counters are never removed, so the size only grows and the cap holds without a lock.
        if (byClient.size() >= MAX_CLIENTS && !byClient.containsKey(client)) {
            return byClient.computeIfAbsent(OTHER, k -> new Counter());
        }
        return byClient.computeIfAbsent(client, k -> new Counter());
    }

    /** The calls and failed calls counted since the last drain, by client; resets them. */
    Drained drain() {
        if (byClient.isEmpty()) {
            return Drained.NONE;
        }
        Map<String, Long> calls = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        byClient.forEach((client, n) -> {
            long e = n.errors.getAndSet(0); // errors first: see add
            long c = n.calls.getAndSet(0);
            if (c > 0) {
                calls.put(client, c);
            }
            if (e > 0) {
                errors.put(client, e);
            }
        });
        return calls.isEmpty() && errors.isEmpty() ? Drained.NONE : new Drained(calls, errors);
    }
}
