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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Averages come from the exact sum of durations, in minute data and in rollups; old lines fall back to the histogram. */
class ExactAverageTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    MetricsResult query(String tool, Aggregation a) {
        return new MetricsQueries(new StoreReader(Store.at(dir))).run(MetricsQuery.builder().server("srv").tool(tool)
                .aggregation(a).groupBy(GroupBy.HOUR).start(T0.minusSeconds(3600)).end(T0.plusSeconds(7200)).build(T0));
    }

    void record() {
        ManualClock clock = new ManualClock(T0);
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock)
                .writerId("w").build()) {
            for (int i = 0; i < 100; i++) {
                m.record("srv", "two", 2_000_000, Outcome.SUCCESS);
                if (i % 10 == 9) {
                    m.flush(); // several lines per minute: the sums of lines add up
                }
            }
            m.record("srv", "one", 120_000_000, Outcome.SUCCESS);
        }
    }

    @Test
    void avgIsExactForAHundredCallsOfTwoMsAndOneCallOf120MsInMinutesAndRollups() throws Exception {
        record();
        for (int pass = 0; pass < 2; pass++) {
            assertThat(query("two", Aggregation.AVG).summary().avgResponseTime()).isCloseTo(2.0, withPercentage(1e-7));
            assertThat(query("two", Aggregation.AVG).points()).singleElement()
                    .satisfies(p -> assertThat(p.value()).isCloseTo(2.0, withPercentage(1e-7)));
            assertThat(query("one", Aggregation.AVG).summary().avgResponseTime()).isCloseTo(120.0, withPercentage(1e-7));
            // The histogram alone would not say so: its mean is a bucket midpoint.
            assertThat(query("one", Aggregation.AVG).summary().p50ResponseTime()).isNotEqualTo(120.0);
            new Compactor(Store.open(dir), Retention.DEFAULT).compact(T0.plus(Duration.ofHours(2)).toEpochMilli(), false);
        }
    }

    @Test
    void linesWrittenBeforeTheSumWasKeptFallBackToTheHistogramMean() throws Exception {
        record();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                        .map(l -> l.replaceAll(",\"sumNanos\":\\d+", "").replaceAll(",\"crc\":\"[0-9a-f]{8}\"", "")).toList();  // as an earlier build wrote them: no sum, no check
                Files.write(f, lines, StandardCharsets.UTF_8);
            }
        }
        double avg = query("one", Aggregation.AVG).summary().avgResponseTime();
        assertThat(avg).isCloseTo(120.0, withPercentage(1)).isNotEqualTo(120.0);
    }
}
