package io.mcpmonitor.core.deploy;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;
import io.mcpmonitor.core.store.StoreReader;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what the judge compares from the store: per tool of one server, the merged histogram, the
 * calls and the failed calls of a range of whole minutes.
 *
 * <p>Stateless; thread-safe as {@link StoreReader} is. Allocates one accumulator per call.
 */
final class StoreWindows {

    private StoreWindows() {
    }

    /**
     * The tools of {@code server} (or only {@code toolName}, if not null) with calls in
     * {@code [fromMillis, toMillis)}, both rounded down to the minute; tools without calls there are absent.
     */
    public static Map<String, ToolWindow> read(StoreReader reader, String server, String toolName, long fromMillis,
                                               long toMillis) {
        long from = floorMinute(fromMillis);
        long to = floorMinute(toMillis);
        double minutes = Math.max(1, (to - from) / 60_000.0);
        return reader.read(ix -> {
            Map<String, ToolWindow> out = new TreeMap<>();
            DenseCounts hist = new DenseCounts();
            for (StoreIndex.Series s : ix.series()) {
                if (!s.key().server().equals(server) || (toolName != null && !s.key().tool().equals(toolName))) {
                    continue;
                }
                hist.reset();
                long[] calls = new long[2];
                ix.fold(s, from, to, Resolution.DAY, b -> {
                    hist.add(b.histogram());
                    long total = b.totalCalls();
                    calls[0] += total;
                    calls[1] += total - b.count(Outcome.SUCCESS);
                });
                if (calls[0] > 0) {
                    out.put(s.key().tool(), new ToolWindow(LatencySample.of(hist.toSparse()), calls[0], calls[1], minutes));
                }
            }
            return out;
        });
    }

    /** Minutes covered by {@code [fromMillis, toMillis)} once rounded down to whole minutes (at least 1). */
    public static double minutes(long fromMillis, long toMillis) {
        return Math.max(1, (floorMinute(toMillis) - floorMinute(fromMillis)) / 60_000.0);
    }

    static long floorMinute(long millis) {
        return Math.floorDiv(millis, 60_000L) * 60_000L;
    }
}
