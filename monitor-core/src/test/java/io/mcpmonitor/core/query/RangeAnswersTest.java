package io.mcpmonitor.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a query says it covered: the whole minutes of the range asked for, a default hour of exactly
 * 60 minutes, points stamped with the span they cover, and no data where there were no calls.
 */
class RangeAnswersTest {

    static final Instant AT = Instant.parse("2026-11-25T21:50:00Z");

    @TempDir
    Path dir;

    Monitor writer;
    MetricsQueries queries;

    @BeforeEach
    void open() {
        writer = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId("w").build();
        queries = new MetricsQueries(new StoreReader(Store.at(dir)));
    }

    void call(Instant at, String tool, double ms) {
        writer.recordAt(at.toEpochMilli(), "srv", tool, (long) (ms * 1_000_000), Outcome.SUCCESS, null, null);
    }

    MetricsResult run(MetricsQuery.Builder b, Instant now) {
        writer.flush();
        return queries.run(b.build(now));
    }

    @Test
    void aRangeInsideMinutesIsAnsweredOverTheWholeMinutesAndSaysSo() {
        call(AT.plusSeconds(10), "t", 10);                                   // 21:50:10, before the start asked for
        call(AT.plusSeconds(110), "t", 30);                                  // 21:51:50, after the end asked for
        MetricsResult r = run(MetricsQuery.builder().start(AT.plusSeconds(30)).end(AT.plusSeconds(90)), AT);
        MetricsQuery q = r.query();
        assertThat(q.widened()).isTrue();
        assertThat(q.effectiveStart()).isEqualTo(Instant.parse("2026-11-25T21:50:00Z"));
        assertThat(q.effectiveEnd()).isEqualTo(Instant.parse("2026-11-25T21:52:00Z"));
        assertThat(r.summary().totalCalls()).as("both calls are inside the minutes covered").isEqualTo(2);
        assertThat(r.points()).singleElement().satisfies(p -> {
            assertThat(p.timestamp()).isEqualTo(q.effectiveStart());
            assertThat(p.start()).isEqualTo(q.effectiveStart());
            assertThat(p.end()).isEqualTo(q.effectiveEnd());
        });
        assertThat(r.trend().previousStart()).isEqualTo(Instant.parse("2026-11-25T21:48:00Z"));
        assertThat(r.trend().previousEnd()).isEqualTo(q.effectiveStart());
    }

    @Test
    void theDefaultHourIsSixtyMinutesEndingWithTheMinuteInProgress() {
        Instant now = AT.plusSeconds(90);                                     // 21:51:30
        for (int m = -70; m <= 1; m++) {
            call(AT.plus(Duration.ofMinutes(m)).plusSeconds(5), "t", 10);
            call(AT.plus(Duration.ofMinutes(m)).plusSeconds(25), "t", 10);
        }
        MetricsResult grouped = run(MetricsQuery.builder().groupBy(GroupBy.MINUTE), now);
        assertThat(grouped.query().effectiveStart()).isEqualTo(Instant.parse("2026-11-25T20:52:00Z"));
        assertThat(grouped.query().effectiveEnd()).isEqualTo(Instant.parse("2026-11-25T21:52:00Z"));
        assertThat(grouped.query().end()).isEqualTo(now);
        assertThat(grouped.points()).hasSize(60);
        assertThat(grouped.points().get(0).timestamp()).isEqualTo(Instant.parse("2026-11-25T20:52:00Z"));
        assertThat(grouped.points().get(59).end()).isEqualTo(Instant.parse("2026-11-25T21:52:00Z"));

        MetricsResult throughput = run(MetricsQuery.builder().aggregation(Aggregation.THROUGHPUT), now);
        assertThat(throughput.points()).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(120);
            assertThat(p.value()).as("calls per minute over 60 minutes").isEqualTo(2.0);
        });
    }

    @Test
    void groupedPointsSayWhichPartOfTheirBucketTheyCover() {
        call(AT.plus(Duration.ofMinutes(5)), "t", 10);                       // 21:55, in the hour 21:00 from 21:50 on
        call(AT.plus(Duration.ofMinutes(15)), "t", 10);                      // 22:05
        MetricsResult r = run(MetricsQuery.builder().start(AT).end(AT.plus(Duration.ofMinutes(20))).groupBy(GroupBy.HOUR),
                AT.plus(Duration.ofHours(1)));
        assertThat(r.points()).extracting(p -> p.timestamp().toString(), p -> p.start().toString(), p -> p.end().toString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-11-25T21:00:00Z", "2026-11-25T21:50:00Z", "2026-11-25T22:00:00Z"),
                        org.assertj.core.groups.Tuple.tuple("2026-11-25T22:00:00Z", "2026-11-25T22:00:00Z", "2026-11-25T22:10:00Z"));
    }

    @Test
    void aPreviousPeriodWithoutCallsHasNoDataNotZeros() {
        for (int i = 0; i < 20; i++) {
            call(AT.plus(Duration.ofMinutes(30)).plusSeconds(i), "t", 10);
        }
        writer.flush();
        MetricsResult old = run(MetricsQuery.builder().start(AT.minus(Duration.ofHours(3))).end(AT.minus(Duration.ofHours(2))),
                AT.plus(Duration.ofHours(1)));
        assertThat(old.summary().hasData()).isFalse();
        assertThat(List.of(old.summary().avgResponseTime(), old.summary().p95ResponseTime(), old.summary().errorRate()))
                .allMatch(v -> v.isNaN());

        MetricsResult r = run(MetricsQuery.builder().start(AT).end(AT.plus(Duration.ofHours(1))), AT.plus(Duration.ofHours(1)));
        Trend t = r.trend();
        assertThat(t.direction()).isEqualTo("no_data");
        assertThat(t.previous().hasData()).isFalse();
        assertThat(List.of(t.callsChange(), t.avgResponseTimeChange(), t.p95ResponseTimeChange(), t.errorRateChange()))
                .allMatch(v -> v.isNaN());
        assertThat(t.note()).startsWith("no data before 2026-11-25T22:20:00Z");
    }

    @Test
    void aPreviousPeriodWatchedOnlyInPartIsNotComparedByCallCount() {
        for (int i = 0; i < 10; i++) {
            call(AT.minus(Duration.ofMinutes(2)).plusSeconds(i), "t", 10);   // the last 2 minutes of the previous hour
        }
        for (int i = 0; i < 300; i++) {
            call(AT.plus(Duration.ofMinutes(i / 5)), "t", 20);
        }
        MetricsResult r = run(MetricsQuery.builder().start(AT).end(AT.plus(Duration.ofHours(1))), AT.plus(Duration.ofHours(1)));
        Trend t = r.trend();
        assertThat(t.callsChange()).as("not +2900 %").isNaN();
        assertThat(t.p95ResponseTimeChange()).isGreaterThan(90);
        assertThat(t.direction()).isEqualTo("degrading");
        assertThat(t.note()).isEqualTo("data begins at 2026-11-25T21:48:00Z, inside the earlier period: calls not compared");
        assertThat(r.dataSince()).isEqualTo(Instant.parse("2026-11-25T21:48:00Z"));
    }

    @Test
    void fewCallsInAPeriodCompareNoLatency() {
        call(AT.minus(Duration.ofMinutes(90)), "t", 10);                     // watched since long before
        for (int i = 0; i < 3; i++) {
            call(AT.minus(Duration.ofMinutes(30)).plusSeconds(i), "t", 10);
        }
        for (int i = 0; i < 50; i++) {
            call(AT.plusSeconds(i), "t", 900);
        }
        Trend t = run(MetricsQuery.builder().start(AT).end(AT.plus(Duration.ofHours(1))), AT.plus(Duration.ofHours(1))).trend();
        assertThat(t.direction()).isEqualTo("too_few_calls");
        assertThat(t.callsChange()).isEqualTo(1566.667);
        assertThat(t.p95ResponseTimeChange()).isNaN();
        assertThat(t.note()).isEqualTo("fewer than 5 calls in the earlier period: latency and error rate not compared");
    }
}
