package io.mcpmonitor.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpmonitor.core.record.ManualClock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Compactor;
import io.mcpmonitor.core.store.Retention;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls counted per calling client: stored, rolled up, capped, and answered by get_metrics' query. */
class ClientQueriesTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    private void write(Map<String, Integer> callsByClient, int anonymous) {
        ManualClock clock = new ManualClock(T0);
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock)
                .writerId("clients").build()) {
            callsByClient.forEach((client, n) -> {
                for (int i = 0; i < n; i++) {
                    Outcome o = i % 5 == 0 ? Outcome.TOOL_ERROR : Outcome.SUCCESS;
                    m.record("srv", "search", client, 1_000_000L, o, "tool_error", "no hits");
                    if (i % 7 == 0) {
                        clock.advanceMillis(20_000); // spread over several minutes and flushes
                        m.flush();
                    }
                }
            });
            for (int i = 0; i < anonymous; i++) {
                m.record("srv", "search", null, 1_000_000L, Outcome.SUCCESS, null, null);
            }
        }
    }

    private static Map<String, Long> byClient(MetricsResult r) {
        return r.points().stream().collect(Collectors.toMap(MetricPoint::client, MetricPoint::count));
    }

    private MetricsQuery.Builder range() {
        return MetricsQuery.builder().start(T0).end(T0.plus(Duration.ofHours(2))).aggregation(Aggregation.COUNT);
    }

    @Test
    void groupByClientGivesEachClientItsExactCountAfterRollupToo() throws IOException {
        write(Map.of("alpha-assistant/1.0", 37, "beta-ide/2.3.1", 23), 11);
        MetricsQueries queries = new MetricsQueries(new StoreReader(Store.at(dir)));

        MetricsResult minutes = queries.run(range().groupBy(GroupBy.CLIENT).build());
        assertThat(byClient(minutes)).containsExactlyInAnyOrderEntriesOf(
                Map.of("alpha-assistant/1.0", 37L, "beta-ide/2.3.1", 23L));
        assertThat(minutes.summary().totalCalls()).isEqualTo(60);

        // The whole series (all clients, and those that did not say) is unchanged: 71 calls.
        assertThat(queries.run(range().build()).summary().totalCalls()).isEqualTo(71);

        new Compactor(Store.open(dir), Retention.DEFAULT).compact(T0.plus(Duration.ofHours(3)).toEpochMilli(), false);
        MetricsResult rolled = queries.run(range().groupBy(GroupBy.CLIENT).build());
        assertThat(byClient(rolled)).isEqualTo(byClient(minutes));
    }

    @Test
    void aClientFilterKeepsThatClientOnly() {
        write(Map.of("alpha-assistant/1.0", 5, "beta-ide/2.3.1", 9), 0);
        MetricsQueries queries = new MetricsQueries(new StoreReader(Store.at(dir)));
        MetricsResult r = queries.run(range().client("beta-ide/2.3.1").build());
        assertThat(r.points()).singleElement().satisfies(p -> {
            assertThat(p.client()).isEqualTo("beta-ide/2.3.1");
            assertThat(p.value()).isEqualTo(9.0);
        });
        assertThat(queries.run(range().client("nobody/0").build()).points()).isEmpty();
    }

    @Test
    void clientsBeyondTheCapAreFoldedIntoOtherWithoutLosingACall() {
        Map<String, Integer> many = new java.util.TreeMap<>();
        for (int i = 0; i < 40; i++) {
            many.put(String.format("client-%02d/1", i), 2);
        }
        ManualClock clock = new ManualClock(T0);
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock)
                .writerId("cap").build()) {
            many.forEach((c, n) -> {
                for (int i = 0; i < n; i++) {
                    m.record("srv", "search", c, 1_000L, Outcome.SUCCESS, null, null);
                }
            });
        }
        Map<String, Long> got = byClient(new MetricsQueries(new StoreReader(Store.at(dir)))
                .run(range().groupBy(GroupBy.CLIENT).build()));
        assertThat(got).hasSize(33).containsEntry("other", 16L);
        assertThat(got.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(80);
    }

    @Test
    void aQueryByClientRefusesLatencyAggregationsNamingTheField() {
        assertThatThrownBy(() -> range().groupBy(GroupBy.CLIENT).aggregation(Aggregation.P95).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("aggregation:");
        assertThat(List.of(GroupBy.fromWireName("client"))).containsExactly(GroupBy.CLIENT);
    }
}
