package io.mcpmonitor.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.query.MetricsResult;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(T0);

    Monitor monitor() {
        return Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock).writerId("test-writer").build();
    }

    MetricsResult query(String server, String tool) {
        return new MetricsQueries(new StoreReader(Store.at(dir))).run(MetricsQuery.builder().server(server).tool(tool)
                .start(T0.minusSeconds(3600)).end(T0.plusSeconds(3600)).build(T0));
    }

    @Test
    void keepsEveryOutcomeApartAndCountsThemInTheErrorRate() {
        try (Monitor m = monitor()) {
            for (int i = 0; i < 6; i++) {
                m.record("srv", "tool", 1_000_000, Outcome.SUCCESS);
            }
            m.record("srv", "tool", 2_000_000, Outcome.TOOL_ERROR, "tool_error", "quota exceeded");
            m.record("srv", "tool", 3_000_000, Outcome.EXCEPTION, "java.io.IOException", "connection reset");
            m.record("srv", "tool", 100_000, Outcome.UNKNOWN_TOOL, "", "no such tool");
            m.record("srv", "tool", 100_000, Outcome.INVALID_ARGUMENTS, "", "city: expected string");
        }
        MetricsResult r = query("srv", null);
        assertThat(r.summary().totalCalls()).isEqualTo(10);
        assertThat(r.summary().errorRate()).isEqualTo(40.0);
        assertThat(r.summary().errorsByOutcome()).containsEntry("tool_error", 1L).containsEntry("exception", 1L)
                .containsEntry("unknown_tool", 1L).containsEntry("invalid_arguments", 1L).doesNotContainKey("success");
        assertThat(r.summary().topErrors()).extracting(e -> e.message())
                .contains("quota exceeded", "connection reset", "unknown tool: tool", "city: expected string");
        assertThat(query("srv", "tool").summary().totalCalls()).as("the unknown-tool call is in its own series").isEqualTo(9);
    }

    @Test
    void startStopTimesWithTheMonotonicClockAndTrackRecordsExceptions() throws Exception {
        try (Monitor m = monitor()) {
            try (Call call = m.start("s", "slow")) {
                clock.advanceNanos(250_000_000L);
            }
            try (Call call = m.start("s", "failing")) {
                clock.advanceNanos(5_000_000L);
                call.toolError("upstream 503");
            }
            assertThatThrownBy(() -> m.track("s", "boom", () -> {
                throw new IllegalStateException("kaput");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(m.track("s", "ok", () -> 42)).isEqualTo(42);
        }
        assertThat(query("s", "slow").summary().p50ResponseTime()).isCloseTo(250.0, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(query("s", "failing").summary().errorsByOutcome()).containsEntry("tool_error", 1L);
        MetricsResult boom = query("s", "boom");
        assertThat(boom.summary().errorsByOutcome()).containsEntry("exception", 1L);
        assertThat(boom.summary().topErrors().get(0).errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(query("s", "ok").summary().errorRate()).isZero();
    }

    @Test
    void dropsBadSamplesOnTheHotPathInsteadOfThrowing() {
        try (Monitor m = monitor()) {
            m.record(null, "t", 5, Outcome.SUCCESS);
            m.record("s", null, 5, Outcome.SUCCESS);
            m.record("s", "t", -1, Outcome.SUCCESS);
            m.timer("s", "t").record(-5, Outcome.SUCCESS);
            assertThat(m.droppedSamples()).isEqualTo(4);
        }
        assertThat(query("s", "t").summary().totalCalls()).isZero();
    }

    @Test
    void keepsDataInMemoryWhileTheStoreIsUnwritableAndWritesItLater() throws IOException {
        Path blocked = dir.resolve("blocked");
        Files.writeString(blocked, "a file where the store directory should be");
        List<String> warnings = new ArrayList<>();
        Monitor m = Monitor.builder().storeDirectory(blocked).flushInterval(Duration.ZERO).clock(clock)
                .writerId("w1").diagnostics(warnings::add).build();
        m.record("s", "t", 1_000_000, Outcome.SUCCESS);
        m.flush();
        m.record("s", "t", 1_000_000, Outcome.SUCCESS);
        m.flush();
        assertThat(m.flushFailures()).isEqualTo(2);
        assertThat(warnings).hasSize(1); // warned once for the whole failure streak
        Files.delete(blocked);
        m.close();
        MetricsResult r = new MetricsQueries(new StoreReader(Store.at(blocked))).run(MetricsQuery.builder()
                .start(T0.minusSeconds(60)).end(T0.plusSeconds(60)).build(T0));
        assertThat(r.summary().totalCalls()).isEqualTo(2);
    }

    @Test
    void aStoreJsonRepairedAtTheFirstFlushIsSaidOnceThroughTheDiagnostics() throws IOException {
        Store.open(dir);
        Files.writeString(dir.resolve("store.json"), "{\"formatVer");
        List<String> said = new ArrayList<>();
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock)
                .writerId("w1").diagnostics(said::add).build()) {
            assertThat(said).as("building opens nothing").isEmpty();
            m.record("s", "t", 1_000_000, Outcome.SUCCESS);
            m.flush();
            m.record("s", "t", 1_000_000, Outcome.SUCCESS);
            m.flush();
        }
        assertThat(said).singleElement().asString().startsWith("mcp-monitor: ").contains("store.json")
                .contains("was damaged").contains("restored from its last-good copy");
        assertThat(query("s", "t").summary().totalCalls()).isEqualTo(2);
    }

    @Test
    void backdatedCallsLandInTheMinuteTheyHappened() {
        try (Monitor m = monitor()) {
            m.recordAt(T0.minusSeconds(600).toEpochMilli(), "py", "search", 40_000_000, Outcome.SUCCESS, null, null);
            m.recordAt(T0.minusSeconds(600).toEpochMilli(), "py", "search", 60_000_000, Outcome.TOOL_ERROR, "tool_error", "rate limited");
            m.recordAt(T0.minusSeconds(60).toEpochMilli(), "py", "search", 10_000_000, Outcome.SUCCESS, null, null);
        }
        MetricsResult r = new MetricsQueries(new StoreReader(Store.at(dir))).run(MetricsQuery.builder().server("py")
                .start(T0.minusSeconds(3600)).end(T0).groupBy(io.mcpmonitor.core.query.GroupBy.MINUTE)
                .aggregation(Aggregation.COUNT).build(T0));
        assertThat(r.points()).extracting(p -> p.timestamp().toString(), p -> p.count())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-25T09:50:00Z", 2L),
                        org.assertj.core.groups.Tuple.tuple("2026-11-25T09:59:00Z", 1L));
        assertThat(r.summary().errorsByOutcome()).containsEntry("tool_error", 1L);
    }

    @Test
    void builderRejectsTooShortFlushIntervalsNamingTheField() {
        assertThatThrownBy(() -> Monitor.builder().flushInterval(Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flushInterval");
    }
}
