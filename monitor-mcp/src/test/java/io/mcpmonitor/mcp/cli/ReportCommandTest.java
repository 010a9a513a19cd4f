package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code report} command in-process through picocli, as the launcher runs it. */
class ReportCommandTest {

    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    static final String EVIL_SERVER = "<script>alert(1)</script>";
    static final String EVIL_TOOL = "\"><img src=x onerror=alert(1)>";

    @TempDir
    Path dir;

    @BeforeEach
    void write() {
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId("t").build()) {
            for (int minute = 0; minute < 60; minute++) {
                long at = START.toEpochMilli() + minute * 60_000L;
                for (int i = 0; i < 4; i++) {
                    m.recordAt(at + i, "weather", "forecast", (10 + i) * 1_000_000L, Outcome.SUCCESS, null, null);
                    m.recordAt(at + i, EVIL_SERVER, EVIL_TOOL, (300 + minute) * 1_000_000L,
                            i == 0 ? Outcome.TOOL_ERROR : Outcome.SUCCESS, "tool_error", "<i>nope</i>");
                }
            }
        }
    }

    @Test
    void writesASelfContainedHtmlFileWithChartsAndInertNames() throws Exception {
        Path file = dir.resolve("out/report.html");
        CliRun r = CliRun.of("report", "--store", dir.toString(), "--from", START.toString(), "--to",
                START.plus(Duration.ofHours(1)).toString(), "--format", "html", "--out", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("written to", "report.html");
        Document doc = Jsoup.parse(Files.readString(file));
        assertThat(doc.select("main > section").eachAttr("id")).contains("summary", "charts", "trends", "metrics",
                "bottlenecks", "failing-tools", "anomalies", "alerts", "deployments", "recommendations");
        assertThat(doc.select("svg path.series[d]")).hasSizeGreaterThanOrEqualTo(2 * 3 + 2 + 2);
        assertThat(doc.select("script")).isEmpty();
        for (Element e : doc.getAllElements()) {
            assertThat(e.attributes().asList()).extracting(Attribute::getKey).noneMatch(k -> k.toLowerCase().startsWith("on"));
        }
        assertThat(doc.select("#metrics h3").eachText()).containsExactly(EVIL_SERVER, "weather");
        assertThat(doc.select("#failing-tools td").eachText()).contains(EVIL_TOOL).anyMatch(t -> t.contains("<i>nope</i>"));
        assertThat(doc.select("#summary .tile .value").first().text()).isEqualTo("480");
    }

    @Test
    void printsMarkdownOrJsonToStandardOutputWithoutOut() {
        String[] range = {"--store", dir.toString(), "--from", START.toString(), "--to", START.plus(Duration.ofHours(1)).toString()};
        CliRun md = CliRun.of(concat(new String[] {"report"}, range));
        assertThat(md.exit()).as(md.err()).isZero();
        assertThat(md.out()).startsWith("# MCP performance report").contains("## Top bottlenecks", "\\<script\\>");
        CliRun json = CliRun.of(concat(new String[] {"report", "--format", "json", "--server", "weather", "--includeRecommendations",
                "false"}, range));
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out()).contains("\"reportVersion\" : 1", "\"mcpServer\" : \"weather\"", "\"totalCalls\" : 240")
                .doesNotContain("\"recommendations\" : [", EVIL_SERVER);
    }

    @Test
    void refusesBadInputNamingTheOption() {
        CliRun format = CliRun.of("report", "--store", dir.toString(), "--format", "pdf");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("format", "pdf");
        CliRun order = CliRun.of("report", "--store", dir.toString(), "--from", "2026-11-25T10:00:00Z", "--to", "2026-11-25T09:00:00Z");
        assertThat(order.err()).contains("endTime: must be after startTime");
        CliRun time = CliRun.of("report", "--store", dir.toString(), "--from", "yesterday");
        assertThat(time.err()).contains("from", "ISO-8601");
        assertThat(CliRun.of("--help").out()).contains("report");
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
