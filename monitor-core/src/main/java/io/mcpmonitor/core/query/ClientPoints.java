package io.mcpmonitor.core.query;

import io.mcpmonitor.core.store.StoreIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The points of a query by client: for each matching series, one point per calling client over the whole
 * range (or only the client asked for), with its calls as {@code count} and the value {@code count},
 * {@code throughput} (calls per minute) or {@code error_rate} (percent of its calls that failed). Clients that
 * did not say who they are are left out.
 *
 * <p>Stateless; runs under the reader's read lock held by {@link MetricsQueries}.
 */
final class ClientPoints {

    private ClientPoints() {
    }

    static List<MetricPoint> collect(StoreIndex ix, MetricsQuery q, List<StoreIndex.Series> matching, long from,
                                     long to, LongConsumer total) {
        List<MetricPoint> points = new ArrayList<>();
        double minutes = (to - from) / 60_000.0;
        for (StoreIndex.Series s : matching) {
            Map<String, Long> byClient = new TreeMap<>();
            Map<String, Long> failed = new TreeMap<>();
            ix.fold(s, from, to, io.mcpmonitor.core.store.Resolution.DAY, b -> {
                b.clients().forEach((c, n) -> byClient.merge(c, n, Long::sum));
                b.clientErrors().forEach((c, n) -> failed.merge(c, n, Long::sum));
            });
            byClient.forEach((client, n) -> {
                if (n == 0 || (q.client() != null && !q.client().equals(client))) {
                    return;
                }
                double value = switch (q.aggregation()) {
                    case THROUGHPUT -> MetricsQueries.round(n / minutes);
                    case ERROR_RATE -> MetricsQueries.round(100.0 * failed.getOrDefault(client, 0L) / n);
                    default -> n;
                };
                points.add(new MetricPoint(Instant.ofEpochMilli(from), s.key().server(), s.key().tool(), value, n,
                        Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), client, s.key().method()));
                total.accept(n);
            });
        }
        return points;
    }

    /** Every client's calls and failed calls over [from, to) in {@code matching}, most calls first (ties by name). */
    static List<ClientTotal> totals(StoreIndex ix, List<StoreIndex.Series> matching, long from, long to) {
        Map<String, long[]> byClient = new TreeMap<>();
        for (StoreIndex.Series s : matching) {
            ix.fold(s, from, to, io.mcpmonitor.core.store.Resolution.DAY, b -> {
                b.clients().forEach((c, n) -> byClient.computeIfAbsent(c, k -> new long[2])[0] += n);
                b.clientErrors().forEach((c, n) -> byClient.computeIfAbsent(c, k -> new long[2])[1] += n);
            });
        }
        List<ClientTotal> out = new ArrayList<>();
        byClient.forEach((client, n) -> {
            if (n[0] > 0) {
                out.add(new ClientTotal(client, n[0], Math.min(n[0], n[1])));
            }
        });
        out.sort(java.util.Comparator.comparingLong(ClientTotal::calls).reversed().thenComparing(ClientTotal::client));
        return out;
    }
}
