package io.mcpmonitor.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.call.McpMethod;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.query.Aggregation;
import io.mcpmonitor.core.query.GroupBy;
import io.mcpmonitor.core.query.MetricPoint;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.query.MetricsQuery;
import io.mcpmonitor.core.record.ManualClock;
import io.mcpmonitor.core.record.Monitor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Series of MCP methods other than tools/call: kept apart from tools (even under a tool's name) in minute files,
 * in consolidated minute files and in rollups; invisible to every answer about tools; queryable by method; and
 * an old line without a method reads as tools/call. Failed calls per client are kept with the client counts.
 */
class OperationSeriesStoreTest {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void operationsStayApartFromToolsThroughRollupsAndAreQueryableByMethod() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock).writerId("w").build()) {
            m.record("s", "t", "c/1", 1_000_000, Outcome.SUCCESS, null, null);
            // the same name as the tool, another method: another series
            for (int i = 0; i < 3; i++) {
                m.recordOperation(McpMethod.RESOURCES_READ, "s", "t", "c/1", 2_000_000,
                        i == 0 ? Outcome.EXCEPTION : Outcome.SUCCESS, i == 0 ? "McpError" : null, i == 0 ? "not found" : null);
            }
            m.recordOperation(McpMethod.PROMPTS_GET, "s", "p", null, 3_000_000, Outcome.SUCCESS, null, null);
            m.flush();
        }
        Store store = Store.open(dir);
        StoreReader reader = new StoreReader(store);
        assertAnswers(reader);

        // Consolidation of the closed minute file and the hour's rollup keep the method.
        long later = T0.plus(Duration.ofHours(3)).toEpochMilli();
        new Compactor(store, Retention.DEFAULT).compact(later, true);
        StoreReader afterCompaction = new StoreReader(store);
        afterCompaction.refresh();
        boolean rolledUp = afterCompaction.read(ix -> ix.hasCleanRollup(Resolution.HOUR, T0.toEpochMilli()));
        assertThat(rolledUp).isTrue();
        assertAnswers(afterCompaction);
        Map<String, Long> failedByClient = afterCompaction.read(ix -> ix.series(new SeriesKey("s", "t", McpMethod.RESOURCES_READ))
                .buckets(Resolution.HOUR).get(T0.toEpochMilli()).clientErrors());
        assertThat(failedByClient).isEqualTo(Map.of("c/1", 1L));
    }

    private static void assertAnswers(StoreReader reader) {
        reader.refresh();
        java.util.List<SeriesKey> tools = reader.read(ix -> ix.series().stream().map(s -> s.key()).toList());
        assertThat(tools).containsExactly(new SeriesKey("s", "t"));
        int all = reader.read(ix -> ix.allSeries().size());
        assertThat(all).isEqualTo(3);
        MetricsQueries q = new MetricsQueries(reader);
        Instant from = T0.minus(Duration.ofHours(1));
        Instant to = T0.plus(Duration.ofHours(2));
        assertThat(counts(q, new MetricsQuery(null, null, from, to, Aggregation.COUNT, GroupBy.NONE)))
                .isEqualTo(Map.of("tools/call s/t", 1L));
        assertThat(counts(q, new MetricsQuery(null, null, from, to, Aggregation.COUNT, GroupBy.NONE, null,
                McpMethod.RESOURCES_READ))).isEqualTo(Map.of("resources/read s/t", 3L));
        assertThat(counts(q, new MetricsQuery(null, null, from, to, Aggregation.COUNT, GroupBy.METHOD)))
                .isEqualTo(Map.of("tools/call null/null", 1L, "resources/read null/null", 3L, "prompts/get null/null", 1L));
        assertThat(q.runWithoutRefresh(new MetricsQuery(null, null, from, to, Aggregation.ERROR_RATE, GroupBy.NONE, null,
                McpMethod.RESOURCES_READ)).summary().errorRate()).isCloseTo(33.333, org.assertj.core.data.Offset.offset(0.01));
        assertThat(q.runWithoutRefresh(new MetricsQuery(null, null, from, to, Aggregation.ERROR_RATE, GroupBy.CLIENT, null,
                McpMethod.RESOURCES_READ)).points()).singleElement()
                .satisfies(p -> assertThat(p.value()).isCloseTo(33.333, org.assertj.core.data.Offset.offset(0.01)));
        assertThat(q.clientTotals(new MetricsQuery(null, null, from, to, Aggregation.COUNT, GroupBy.NONE)))
                .containsExactly(new io.mcpmonitor.core.query.ClientTotal("c/1", 1, 0));
    }

    private static Map<String, Long> counts(MetricsQueries q, MetricsQuery query) {
        Map<String, Long> out = new TreeMap<>();
        for (MetricPoint p : q.runWithoutRefresh(query).points()) {
            out.merge(p.method() + " " + p.server() + "/" + p.tool(), p.count(), Long::sum);
        }
        return out;
    }

    @Test
    void aLineWithoutAMethodIsToolCallsAndALineWithOneKeepsIt() throws Exception {
        String old = "{\"v\":1,\"type\":\"calls\",\"res\":\"minute\",\"start\":\"2026-11-20T10:00:00Z\",\"server\":\"s\","
                + "\"tool\":\"t\",\"outcomes\":{\"success\":1},\"hist\":\"" + SparseHistogram.EMPTY.encode() + "\"}";
        CallRecord r = RecordCodec.decode(LineCheck.seal(old)).calls();
        assertThat(r.method()).isEqualTo(McpMethod.TOOLS_CALL);
        assertThat(RecordCodec.encode(r)).doesNotContain("\"method\"");
        CallRecord prompt = new CallRecord(Resolution.MINUTE, r.startMillis(), "s", "p", r.outcomeCounts(), r.histogram(),
                r.errors(), CallRecord.UNKNOWN_SUM, Map.of("c/1", 1L), ResultSizes.EMPTY, McpMethod.PROMPTS_GET,
                Map.of("c/1", 1L));
        String line = RecordCodec.encode(prompt);
        assertThat(line).contains("\"method\":\"prompts/get\"", "\"clientErrors\":{\"c/1\":1}");
        CallRecord back = RecordCodec.decode(LineCheck.seal(line)).calls();
        assertThat(back.method()).isEqualTo(McpMethod.PROMPTS_GET);
        assertThat(back.clientErrors()).isEqualTo(Map.of("c/1", 1L));
    }
}
