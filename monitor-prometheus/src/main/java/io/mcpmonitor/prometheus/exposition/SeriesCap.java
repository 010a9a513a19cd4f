package io.mcpmonitor.prometheus.exposition;

/**
 * How many tool names of one server are exported as their own series; the rest are summed into the
 * tool {@link OtelNames#OTHER}, so a runaway client inventing tool names costs a fleet's TSDB at most
 * {@code maxToolsPerServer + 1} tools per server. The busiest tools (most calls) keep their names.
 *
 * @param maxToolsPerServer at least 1
 */
public record SeriesCap(int maxToolsPerServer) {

    /** 200 tools per server: more than any real server offers, few enough for any TSDB. */
    public static final SeriesCap DEFAULT = new SeriesCap(200);

    public SeriesCap {
        if (maxToolsPerServer < 1) {
            throw new IllegalArgumentException("maxToolsPerServer: must be at least 1, was " + maxToolsPerServer);
        }
    }
}
