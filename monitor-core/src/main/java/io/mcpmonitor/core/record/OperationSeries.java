package io.mcpmonitor.core.record;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The live series of MCP methods other than tools/call ({@code resources/read}, {@code prompts/get},
 * {@code initialize}): per method, server and name (URI template, prompt name, protocol version) one
 * {@link SeriesRecorder}. At most {@value #MAX_NAMES} names are kept per server and method; further names are
 * recorded under {@value #OTHER_NAMES}, so a server with generated resource URIs cannot grow the store without
 * bound (the same rule as tools).
 *
 * <p>Thread-safe; lock-free once the series exists (the cap is checked only when a series is made).
 */
final class OperationSeries {

    /** Names kept per server and method. */
    static final int MAX_NAMES = 256;
    /** The name of a server's calls of one method beyond {@link #MAX_NAMES} names. */
    static final String OTHER_NAMES = "(other names)";

    // method -> server -> name -> series
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentHashMap<String, SeriesRecorder>>> byMethod =
            new ConcurrentHashMap<>();

    SeriesRecorder seriesFor(String method, String server, String name) {
        ConcurrentHashMap<String, ConcurrentHashMap<String, SeriesRecorder>> servers = byMethod.get(method);
        if (servers == null) {
            servers = byMethod.computeIfAbsent(method, k -> new ConcurrentHashMap<>());
        }
        ConcurrentHashMap<String, SeriesRecorder> names = servers.get(server);
        if (names == null) {
            names = servers.computeIfAbsent(server, k -> new ConcurrentHashMap<>());
        }
        SeriesRecorder s = names.get(name);
        if (s != null) {
            return s;
        }
        synchronized (names) {
            String kept = name.equals(OTHER_NAMES) || names.size() - (names.containsKey(OTHER_NAMES) ? 1 : 0) < MAX_NAMES
                    ? name : OTHER_NAMES;
            return names.computeIfAbsent(kept, k -> new SeriesRecorder(server, k, method));
        }
    }

    /** Visits every series (for the flush). */
    void forEach(Consumer<SeriesRecorder> visitor) {
        byMethod.values().forEach(servers -> servers.values().forEach(names -> names.values().forEach(visitor)));
    }
}
