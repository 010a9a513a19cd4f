package io.mcpmonitor.core.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The calls running now across every live writer of a store, per server and per (server, tool): how many
 * and the age of the oldest, for {@code list_servers} and {@code get_metrics}. Read from the writers'
 * in-flight snapshots ({@link InFlightSnapshots}), so it is as fresh as their last flush.
 *
 * <pre>{@code
 * InFlightTotals now = InFlightTotals.read(store.root(), System.currentTimeMillis());
 * InFlightTotals.Count c = now.server("weather");   // c.count(), c.oldestAgeMillis()
 * }</pre>
 *
 * <p>Immutable and thread-safe. Names of servers and tools are the data's own; unknown ones answer
 * {@link Count#NONE}, never null.
 */
public final class InFlightTotals {

    /** Nothing running. */
    public static final InFlightTotals EMPTY = new InFlightTotals(Map.of(), Map.of());

    private final Map<String, Count> servers;
    private final Map<String, Map<String, Count>> tools;

    private InFlightTotals(Map<String, Count> servers, Map<String, Map<String, Count>> tools) {
        this.servers = servers;
        this.tools = tools;
    }

    /**
     * Running calls and the age of the oldest at the moment asked.
     *
     * @param count           calls running
     * @param oldestAgeMillis how long the oldest has been running, milliseconds; 0 when none
     */
    public record Count(long count, long oldestAgeMillis) {
        /** No call running. */
        public static final Count NONE = new Count(0, 0);

        Count plus(long moreCount, long ageMillis) {
            return new Count(count + moreCount, count == 0 ? ageMillis : Math.max(oldestAgeMillis, ageMillis));
        }
    }

    /** The totals of the live snapshots under {@code storeRoot}, ages taken at {@code nowMillis}. */
    public static InFlightTotals read(Path storeRoot, long nowMillis) {
        return of(InFlightSnapshots.readLive(storeRoot, nowMillis), nowMillis);
    }

    /** The totals of {@code snapshots}, ages taken at {@code nowMillis} (never negative). */
    public static InFlightTotals of(List<InFlightSnapshot> snapshots, long nowMillis) {
        Map<String, Count> servers = new TreeMap<>();
        Map<String, Map<String, Count>> tools = new TreeMap<>();
        for (InFlightSnapshot s : snapshots) {
            for (InFlightSnapshot.Series c : s.calls()) {
                long age = Math.max(0, nowMillis - c.oldestStartMillis());
                servers.merge(c.server(), Count.NONE.plus(c.count(), age), (a, b) -> a.plus(b.count(), b.oldestAgeMillis()));
                tools.computeIfAbsent(c.server(), k -> new TreeMap<>())
                        .merge(c.tool(), Count.NONE.plus(c.count(), age), (a, b) -> a.plus(b.count(), b.oldestAgeMillis()));
            }
        }
        return servers.isEmpty() ? EMPTY : new InFlightTotals(servers, tools);
    }

    /** Servers with calls running, in name order. */
    public Set<String> servers() {
        return servers.keySet();
    }

    /** Tools of {@code server} with calls running, in name order. */
    public Set<String> tools(String server) {
        return tools.getOrDefault(server, Map.of()).keySet();
    }

    public Count server(String server) {
        return servers.getOrDefault(server, Count.NONE);
    }

    public Count tool(String server, String tool) {
        return tools.getOrDefault(server, Map.of()).getOrDefault(tool, Count.NONE);
    }

    /** All servers together. */
    public Count total() {
        Count t = Count.NONE;
        for (Count c : servers.values()) {
            t = t.plus(c.count(), c.oldestAgeMillis());
        }
        return t;
    }
}
