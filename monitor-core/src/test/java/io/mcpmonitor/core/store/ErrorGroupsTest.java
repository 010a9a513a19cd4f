package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error messages are grouped by one normaliser, every error is counted, and merging never depends on order. */
class ErrorGroupsTest {

    static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    Monitor monitor(String writer) {
        return Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId(writer).build();
    }

    List<ErrorCount> bucketErrors(String server, String tool) {
        StoreReader reader = new StoreReader(Store.at(dir));
        reader.refresh();
        return reader.read(index -> {
            List<ErrorCount> all = new ArrayList<>();
            index.series(new SeriesKey(server, tool)).buckets(Resolution.MINUTE).values()
                    .forEach(b -> all.addAll(b.errors()));
            return all;
        });
    }

    @Test
    void patternMasksNumbersIdsUrlPathsPathsAndQuotedValuesAndIsIdempotent() {
        assertThat(ErrorPattern.of("no results for query 17")).isEqualTo("no results for query #");
        assertThat(ErrorPattern.of("GET https://api.weather.gov/alerts/active/area/CA failed: 404"))
                .isEqualTo("GET https://api.weather.gov/<path> failed: #");
        assertThat(ErrorPattern.of("cannot read /var/data/run-7/out.json")).isEqualTo("cannot read <path>");
        assertThat(ErrorPattern.of("user \"alice\" not found")).isEqualTo("user \"…\" not found");
        assertThat(ErrorPattern.of("key 'a b' missing, can't go on")).isEqualTo("key '…' missing, can't go on");
        assertThat(ErrorPattern.of("order 3f2a9c1e-0b1d-4c7e-9a55-1234567890ab gone")).isEqualTo("order <id> gone");
        assertThat(ErrorPattern.of("commit deadbeef42 unknown")).isEqualTo("commit <id> unknown");
        assertThat(ErrorPattern.of("connect to localhost:8080 refused")).isEqualTo("connect to localhost:# refused");
        assertThat(ErrorPattern.of("I/O error")).isEqualTo("I/O error");
        for (String m : List.of("GET https://h.example:8443/a/b?q=1 -> 500", "x \"y\" 'z' /a/b 12 deadbeef42", "", "plain")) {
            assertThat(ErrorPattern.of(ErrorPattern.of(m))).isEqualTo(ErrorPattern.of(m));
        }
    }

    @Test
    void thirtyMessagesDifferingByANumberOrAUrlSegmentAreOneGroupWithAnExample() {
        String[] states = {"CA", "FL", "NY", "TX", "WA"};
        try (Monitor m = monitor("w1")) {
            for (int i = 0; i < 15; i++) {
                m.record("weather", "alerts", 1_000_000, Outcome.EXCEPTION, "java.io.IOException",
                        "HTTP 503 from https://api.weather.gov/alerts/active/area/" + states[i % 5]);
                m.record("weather", "alerts", 1_000_000, Outcome.TOOL_ERROR, "tool_error", "no results for query " + i);
            }
        }
        var summary = new MetricsQueries(new StoreReader(Store.at(dir))).run(MetricsQuery.builder().server("weather")
                .start(NOW.minusSeconds(3600)).end(NOW.plusSeconds(120)).build(NOW.plusSeconds(60))).summary();
        assertThat(summary.topErrors()).extracting(ErrorCount::message, ErrorCount::count).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("HTTP # from https://api.weather.gov/<path>", 15L),
                org.assertj.core.groups.Tuple.tuple("no results for query #", 15L));
        assertThat(summary.topErrors()).allSatisfy(e -> assertThat(ErrorPattern.of(e.example())).isEqualTo(e.message()));
        assertThat(summary.topErrors()).extracting(ErrorCount::example)
                .contains("no results for query 0", "HTTP 503 from https://api.weather.gov/alerts/active/area/CA");
    }

    @Test
    void fortyEightDistinctErrorsInAMinuteAreAllCountedWithTheOverflowFoldedAndCounted() {
        try (Monitor m = monitor("w1")) {
            for (int i = 0; i < 48; i++) {
                m.record("srv", "tool", 1_000_000, Outcome.EXCEPTION, "E", "failure of kind " + word(i));
            }
        }
        List<ErrorCount> errors = bucketErrors("srv", "tool");
        assertThat(errors.stream().mapToLong(ErrorCount::count).sum()).isEqualTo(48);
        assertThat(errors.stream().filter(e -> !e.message().equals(ErrorCount.OTHER_MESSAGE))).hasSize(32);
        assertThat(errors).filteredOn(e -> e.message().equals(ErrorCount.OTHER_MESSAGE))
                .singleElement().satisfies(e -> assertThat(e.count()).isEqualTo(16));
    }

    @Test
    void mergingManyGroupsGivesTheSameAnswerInEveryReadOrder() {
        List<CallRecord> lines = new ArrayList<>();
        long minute = Resolution.MINUTE.floor(NOW.toEpochMilli());
        Random random = new Random(12);
        for (int line = 0; line < 6; line++) {
            List<ErrorCount> errs = new ArrayList<>();
            long total = 0;
            for (int g = 0; g < 20; g++) {
                long c = 1 + random.nextInt(3);
                errs.add(ErrorCount.grouped(Outcome.TOOL_ERROR, "tool_error", "bad " + word(line * 7 + g) + " " + g, c));
                total += c;
            }
            long[] counts = new long[Outcome.values().length];
            counts[Outcome.TOOL_ERROR.ordinal()] = total;
            lines.add(new CallRecord(Resolution.MINUTE, minute, "s", "t", counts, SparseHistogram.EMPTY, errs));
        }
        List<ErrorCount> first = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            Collections.shuffle(lines, random);
            Bucket b = new Bucket(minute);
            lines.forEach(b::add);
            List<ErrorCount> errors = b.errors();
            assertThat(errors.stream().mapToLong(ErrorCount::count).sum())
                    .isEqualTo(lines.stream().mapToLong(CallRecord::totalCalls).sum());
            assertThat(errors).hasSizeLessThanOrEqualTo(Bucket.MAX_ERROR_GROUPS + 1);
            if (first == null) {
                first = errors;
            } else {
                assertThat(errors).containsExactlyElementsOf(first);
                assertThat(errors).extracting(ErrorCount::example).containsExactlyElementsOf(
                        first.stream().map(ErrorCount::example).toList());
            }
        }
    }

    /** A word without digits, distinct for every i. */
    static String word(int i) {
        StringBuilder s = new StringBuilder();
        do {
            s.append((char) ('a' + i % 26));
            i /= 26;
        } while (i > 0);
        return s.append("x").toString();
    }
}
