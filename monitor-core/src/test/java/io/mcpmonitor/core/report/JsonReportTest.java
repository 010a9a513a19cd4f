package io.mcpmonitor.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

    @TempDir
    Path dir;

    @Test
    void isValidJsonWithGetMetricsNamesAnomaliesAsDetectAnomaliesAndNoNaN() throws Exception {
        Report r = new ReportScene(dir).report(true);
        String json = JsonReport.render(r);
        assertThat(json).doesNotContain("NaN", "Infinity");
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.path("reportVersion").asInt()).isEqualTo(Report.FORMAT_VERSION);
        JsonNode overall = n.path("overall").path("summary");
        assertThat(overall.path("totalCalls").asLong()).isEqualTo(r.overall().summary().totalCalls());
        assertThat(overall.path("p95ResponseTime").asDouble()).isEqualTo(r.overall().summary().p95ResponseTime());
        // the evil series had no calls in the previous period: its change is unknown, null
        JsonNode evil = n.path("servers").get(0);
        assertThat(evil.path("mcpServer").asText()).isEqualTo(ReportScene.EVIL_SERVER);
        assertThat(evil.path("previousPeriod").path("p95ResponseTimeChange").isNull()).isTrue();
        JsonNode anomaly = n.path("anomalies").get(0);
        assertThat(anomaly.path("severity").asText()).isEqualTo("critical");
        assertThat(anomaly.path("anomalyType").asText()).isEqualTo("response_time_spike");
        assertThat(anomaly.path("timestamp").asText()).isEqualTo("2026-11-25T10:20:00Z");
        assertThat(anomaly.path("toolName").asText()).isEqualTo(ReportScene.EVIL_TOOL);
        assertThat(anomaly.path("details").path("expectedRange").get(1).asDouble()).isEqualTo(150.0);
        assertThat(n.path("bottlenecks").get(0).path("impactSeconds").asDouble()).isEqualTo(r.bottlenecks().get(0).impactSeconds());
        assertThat(n.path("failingTools").get(0).path("topErrors").get(0).path("outcome").asText()).isEqualTo("exception");
        assertThat(n.path("alerts").get(0).path("alertId").asText()).startsWith("alert-");
        assertThat(n.path("charts")).hasSize(7);
        assertThat(n.path("recommendations").size()).isPositive();
    }
}
