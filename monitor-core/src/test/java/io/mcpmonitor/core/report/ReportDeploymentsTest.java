package io.mcpmonitor.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.deploy.DeploymentLog;
import io.mcpmonitor.core.deploy.DeploymentVerdict;
import io.mcpmonitor.core.deploy.Verdict;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.deploy.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report lists the deployments of its range with their verdicts and marks them on every chart. */
class ReportDeploymentsTest {

    @TempDir
    Path dir;

    @Test
    void deploymentsAreListedWithVerdictsAndMarkedOnTheCharts() throws Exception {
        ReportScene scene = new ReportScene(dir);
        DeploymentLog log = new DeploymentLog(dir);
        Deployment d = log.record("weather", "<b>2.0</b>", null, ReportScene.START.plus(Duration.ofMinutes(30)), "", "", "tool");
        log.recordVerdictIfAbsent(new DeploymentVerdict(d.id(), Verdict.FAIL, ReportScene.START.plus(Duration.ofMinutes(46)),
                false, List.of("forecast"), "fail"));
        log.record("weather", "1.0", null, ReportScene.START.minus(Duration.ofHours(5)), "", "", "tool"); // outside the range
        ReportBuilder builder = new ReportBuilder(new MetricsQueries(scene.reader), AnomalySource.NONE, AlertSource.NONE,
                DeploymentSource.of(dir));
        Report r = builder.build(new ReportRequest(ReportScene.START, ReportScene.END, null, true), ReportScene.NOW);

        assertThat(r.deployments()).singleElement().satisfies(x -> {
            assertThat(x.version()).isEqualTo("<b>2.0</b>");
            assertThat(x.verdict()).isEqualTo("fail");
        });
        assertThat(r.charts()).isNotEmpty().allSatisfy(c -> assertThat(c.markers()).singleElement()
                .satisfies(m -> assertThat(m.label()).isEqualTo("weather <b>2.0</b> (fail)")));
        String html = HtmlReport.render(r);
        assertThat(html).contains("id=\"deployments\"", "class=\"deployment-marker\"", "weather &lt;b&gt;2.0&lt;/b&gt; (fail)")
                .doesNotContain("<b>2.0</b>");
        assertThat(MarkdownReport.render(r)).contains("## Deployments").contains("fail");
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(JsonReport.render(r));
        assertThat(json.path("deployments").get(0).path("timestamp").asText()).isEqualTo("2026-11-25T10:30:00Z");
        assertThat(json.path("deployments").get(0).path("verdict").asText()).isEqualTo("fail");
        assertThat(json.path("charts").get(0).path("markers").get(0).path("label").asText()).isEqualTo("weather <b>2.0</b> (fail)");
    }
}
