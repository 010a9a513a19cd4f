package io.mcpmonitor.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report says "no data" (JSON null) for a period without calls, never 0 or NaN; its recommendations
 * quote the errors of the range they speak about, and how much of the failures they are.
 */
class ReportNoDataAndErrorsTest {

    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    static final Instant END = START.plus(Duration.ofHours(1));

    @TempDir
    Path dir;

    Report report(Instant start, Instant end) {
        StoreReader reader = new StoreReader(Store.at(dir));
        reader.refresh();
        return new ReportBuilder(new MetricsQueries(reader), AnomalySource.NONE, AlertSource.NONE)
                .build(new ReportRequest(start, end, null, true), end.plus(Duration.ofMinutes(1)));
    }

    static void calls(Monitor m, Instant from, int n, int failed, String message) {
        for (int i = 0; i < n; i++) {
            boolean fail = i < failed;
            m.recordAt(from.toEpochMilli() + i * 5_000L, "shop", "flaky", 2_000_000 + i * 1000L,
                    fail ? Outcome.TOOL_ERROR : Outcome.SUCCESS, fail ? "tool_error" : null, fail ? message : null);
        }
    }

    @Test
    void aPeriodWithoutCallsReadsNoDataInEveryFormat() throws Exception {
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId("w").build()) {
            calls(m, START.plusSeconds(30), 100, 0, null);
        }
        Report r = report(START.plusSeconds(30), END);
        String md = ReportFormat.MARKDOWN.render(r);
        String html = ReportFormat.HTML.render(r);
        assertThat(md + html).doesNotContain("NaN").doesNotContain("0.00 ms").doesNotContain("Infinity");
        assertThat(md).contains("From 2026-11-25T10:00:30Z to 2026-11-25T11:00:00Z (covers the whole minutes "
                + "2026-11-25T10:00:00Z to 2026-11-25T11:00:00Z)");
        assertThat(md).contains("| all servers | previous period (2026-11-25T09:00:00Z to 2026-11-25T10:00:00Z) | 0 | 100 | "
                + "no data |");
        assertThat(md).contains("Against the previous period (2026-11-25T09:00:00Z to 2026-11-25T10:00:00Z): nothing to compare "
                + "(no data before 2026-11-25T10:00:00Z: nothing to compare with).");

        Map<String, Object> json = JsonReport.toMap(r);
        assertThat(json).containsEntry("effectiveStart", "2026-11-25T10:00:00Z").containsEntry("effectiveEnd", "2026-11-25T11:00:00Z");
        @SuppressWarnings("unchecked")
        Map<String, Object> previous = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) json.get("overall"))
                .get("previousPeriod"));
        assertThat(previous).containsEntry("direction", "no_data").containsEntry("callsChange", null)
                .containsEntry("p95ResponseTimeChange", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> then = (Map<String, Object>) previous.get("previous");
        assertThat(then).containsEntry("totalCalls", 0L).containsEntry("avgResponseTime", null)
                .containsEntry("p95ResponseTime", null).containsEntry("errorRate", null);
        assertThat(ReportFormat.JSON.render(r)).doesNotContain("NaN");
    }

    @Test
    void recommendationsQuoteTheErrorsOfTheirRangeAndWhatShareOfTheFailuresTheyAre() throws Exception {
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId("w").build()) {
            calls(m, START.minus(Duration.ofHours(1)), 600, 12, "flaky failure (simulated)");   // the period before
            calls(m, START, 200, 10, "flaky failure (simulated)");
            calls(m, START.plus(Duration.ofMinutes(20)), 200, 15, "backend timeout");
            calls(m, START.plus(Duration.ofMinutes(40)), 200, 15, "quota exceeded");
        }
        Report r = report(START, END);
        FailingTool f = r.failingTools().get(0);
        assertThat(f.errors()).isEqualTo(40);
        assertThat(f.topErrors()).extracting(e -> e.message()).containsExactly("backend timeout", "quota exceeded",
                "flaky failure (simulated)");
        List<String> recs = r.recommendations();
        assertThat(recs.get(0)).isEqualTo("Fix shop / flaky: 40 of its 600 calls failed (6.67 %), most often tool_error "
                + "\"backend timeout\" (15 of 40 failures). Start with that message.");
        assertThat(r.highlights()).anySatisfy(h -> assertThat(h).isEqualTo("Most failing tool: shop / flaky, 40 of 600 calls "
                + "failed (6.67 %), most often tool_error \"backend timeout\" (15 of 40 failures)."));
        assertThat(recs).anySatisfy(x -> assertThat(x).startsWith("Look at what changed for everything since the previous "
                + "period").contains("the error that grew most is tool_error \"backend timeout\" (15), not among the top "
                + "errors then"));
    }
}
