package io.mcpmonitor.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.mcpmonitor.core.record.ManualClock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Compactor;
import io.mcpmonitor.core.store.Retention;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Over random workloads, the answers read from minute data, from hourly
 * rollups and from daily rollups agree with each other exactly, and with the ground truth computed
 * from the raw values within the histogram's precision.
 */
class RollupAgreementTest {

    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    static final int DAYS = 3;
    static final List<String> TOOLS = List.of("fast", "slow", "flaky");

    record Call(int minute, String tool, long nanos, Outcome outcome) {
    }

    @Provide
    Arbitrary<List<Call>> workloads() {
        Arbitrary<Call> call = Combinators.combine(
                Arbitraries.integers().between(0, DAYS * 1440 - 1),
                Arbitraries.of(TOOLS),
                Arbitraries.doubles().between(3.0, 10.0).ofScale(4).map(e -> (long) Math.pow(10, e)),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(8, Arbitraries.just(Outcome.SUCCESS)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Outcome.TOOL_ERROR)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of(Outcome.EXCEPTION, Outcome.CANCELLED,
                                Outcome.INVALID_ARGUMENTS, Outcome.TIMEOUT))))
                .as(Call::new);
        return call.list().ofMinSize(1).ofMaxSize(1500);
    }

    @Property(tries = 10)
    void minuteHourAndDayResolutionsAgreeWithEachOtherAndWithTheRawValues(@ForAll("workloads") List<Call> calls)
            throws IOException {
        Path dir = Files.createTempDirectory("rollup-prop");
        try {
            write(dir, calls);
            Instant end = T0.plus(Duration.ofDays(DAYS));
            StoreReader reader = new StoreReader(Store.at(dir));
            MetricsQueries queries = new MetricsQueries(reader);

            List<MetricsResult> fromMinutes = answers(queries, end);
            new Compactor(Store.open(dir), Retention.DEFAULT).compact(end.plus(Duration.ofHours(1)).toEpochMilli(), false);
            List<MetricsResult> fromRollups = answers(queries, end);
            deleteTree(Store.at(dir).minuteDirectory()); // as retention would after 24 h: only rollups remain
            List<MetricsResult> fromRollupsOnly = answers(queries, end);
            deleteTree(Store.at(dir).dayDirectory()); // hourly rollups alone
            List<MetricsResult> fromHoursOnly = answers(queries, end);

            for (int i = 0; i < fromMinutes.size(); i++) {
                assertThat(fromRollups.get(i).summary()).isEqualTo(fromMinutes.get(i).summary());
                assertThat(fromRollupsOnly.get(i).summary()).isEqualTo(fromMinutes.get(i).summary());
                assertThat(fromHoursOnly.get(i).summary()).isEqualTo(fromMinutes.get(i).summary());
                assertThat(fromRollups.get(i).points()).isEqualTo(fromMinutes.get(i).points());
            }
            for (int i = 0; i < TOOLS.size(); i++) {
                String tool = TOOLS.get(i);
                checkAgainstTruth(fromMinutes.get(i).summary(), calls.stream().filter(c -> c.tool.equals(tool)).toList());
            }
            checkAgainstTruth(fromMinutes.get(TOOLS.size()).summary(), calls);
        } finally {
            deleteTree(dir);
        }
    }

    static List<MetricsResult> answers(MetricsQueries queries, Instant end) {
        List<MetricsResult> out = new ArrayList<>();
        for (String tool : TOOLS) {
            out.add(queries.run(MetricsQuery.builder().server("srv").tool(tool).start(T0).end(end)
                    .aggregation(Aggregation.P95).build()));
        }
        out.add(queries.run(MetricsQuery.builder().start(T0).end(end).aggregation(Aggregation.P99)
                .groupBy(GroupBy.DAY).build()));
        return out;
    }

    static void write(Path dir, List<Call> calls) {
        ManualClock clock = new ManualClock(T0);
        List<Call> sorted = new ArrayList<>(calls);
        sorted.sort(Comparator.comparingInt(Call::minute));
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock)
                .writerId("prop").build()) {
            int current = -1;
            for (Call c : sorted) {
                if (c.minute != current) {
                    m.flush(); // attributes what was recorded to the minute the clock is in
                    clock.advanceMillis((c.minute - Math.max(current, 0)) * 60_000L);
                    current = c.minute;
                }
                if (c.outcome == Outcome.SUCCESS) {
                    m.record("srv", c.tool, c.nanos, c.outcome);
                } else {
                    m.record("srv", c.tool, c.nanos, c.outcome, "type-" + c.outcome.wireName(), "failed: " + c.tool);
                }
            }
        }
    }

    static void checkAgainstTruth(Summary s, List<Call> calls) {
        assertThat(s.totalCalls()).isEqualTo(calls.size());
        if (calls.isEmpty()) {
            return;
        }
        long[] sorted = calls.stream().mapToLong(Call::nanos).sorted().toArray();
        long errors = calls.stream().filter(c -> c.outcome.isError()).count();
        assertThat(s.errorRate()).isCloseTo(100.0 * errors / calls.size(), org.assertj.core.data.Offset.offset(0.001));
        assertThat(s.p50ResponseTime()).isCloseTo(ms(percentile(sorted, 50)), withPercentage(1));
        assertThat(s.p95ResponseTime()).isCloseTo(ms(percentile(sorted, 95)), withPercentage(1));
        assertThat(s.p99ResponseTime()).isCloseTo(ms(percentile(sorted, 99)), withPercentage(1));
        assertThat(s.maxResponseTime()).isCloseTo(ms(sorted[sorted.length - 1]), withPercentage(1));
        // The average is exact: summed in nanoseconds per minute and in every rollup.
        double avgNanos = (double) java.util.Arrays.stream(sorted).sum() / sorted.length;
        assertThat(s.avgResponseTime()).isCloseTo(Math.round(avgNanos) / 1_000_000.0, org.assertj.core.data.Offset.offset(1e-9));
        for (Outcome o : Outcome.values()) {
            long n = calls.stream().filter(c -> c.outcome == o).count();
            if (o.isError()) {
                assertThat(s.errorsByOutcome().getOrDefault(o.wireName(), 0L)).isEqualTo(n);
            }
        }
    }

    static long percentile(long[] sorted, double p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, idx)];
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
