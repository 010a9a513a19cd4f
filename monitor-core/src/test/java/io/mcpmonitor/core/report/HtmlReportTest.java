package io.mcpmonitor.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report, parsed as a browser would, with jsoup. */
class HtmlReportTest {

    @TempDir
    Path dir;

    String html;
    Document doc;

    @BeforeEach
    void render() throws Exception {
        html = HtmlReport.render(new ReportScene(dir).report(true));
        doc = Jsoup.parse(html);
    }

    @Test
    void hasEverySectionWithItsHeading() {
        assertThat(doc.select("main > section").eachAttr("id")).containsExactly("summary", "charts", "trends", "metrics",
                "bottlenecks", "failing-tools", "context-cost", "top-clients", "anomalies", "alerts", "deployments", "recommendations");
        assertThat(doc.select("section > h2").eachText()).containsExactly("Executive summary", "Charts", "Trends",
                "Metrics per server and tool", "Top bottlenecks", "Most failing tools", "Context cost", "Top clients", "Anomalies", "Alerts",
                "Deployments", "Recommendations");
        assertThat(doc.select("#metrics h3").eachText()).containsExactly(ReportScene.EVIL_SERVER, "weather");
        assertThat(doc.select("#bottlenecks tbody tr")).hasSize(3);
        assertThat(doc.select("#failing-tools tbody tr")).hasSize(2);
        assertThat(doc.select("#anomalies tbody tr")).hasSize(2);
        assertThat(doc.select("#alerts tbody tr")).isNotEmpty();
        assertThat(doc.select("#recommendations ol li")).isNotEmpty();
        assertThat(doc.select("#summary .tile")).hasSize(7);
    }

    @Test
    void drawsLatencyErrorRateAndVolumeAsInlineSvgWithDataPaths() {
        Elements svgs = doc.select("#charts svg");
        assertThat(svgs).hasSize(7);
        assertThat(svgs.eachAttr("id")).containsExactly("chart-latency-1", "chart-latency-2", "chart-latency-3",
                "chart-error-rate", "chart-volume", "chart-errors-1", "chart-errors-2");
        for (Element svg : svgs) {
            assertThat(svg.select("path.series").eachAttr("d")).as(svg.id()).isNotEmpty()
                    .allSatisfy(d -> assertThat(d).matches("M[0-9. ]+( [LM][0-9. ]+)*"));
        }
        assertThat(doc.select("#chart-latency-1 path.series")).hasSize(3);
        assertThat(doc.select("#charts figcaption").first().text())
                .isEqualTo("Response time of " + ReportScene.EVIL_SERVER + " / " + ReportScene.EVIL_TOOL);
    }

    @Test
    void isSelfContainedWithNoScriptAndNoExternalReference() {
        assertThat(doc.select("script, iframe, object, embed, link, img, audio, video, form, base")).isEmpty();
        for (Element e : doc.getAllElements()) {
            for (Attribute a : e.attributes()) {
                assertThat(a.getKey()).as(e.tagName()).doesNotStartWithIgnoringCase("on");
                if (a.getKey().equals("href") || a.getKey().equals("src") || a.getKey().equals("xlink:href")) {
                    assertThat(a.getValue()).as("no external asset").isEmpty();
                }
            }
        }
        assertThat(html).doesNotContain("url(", "@import");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
        assertThat(doc.select("meta[http-equiv=Content-Security-Policy]").attr("content")).contains("default-src 'none'");
    }

    @Test
    void namesFromOutsideAreInertTextShownAsWritten() {
        assertThat(html).doesNotContain("<script>alert(1)</script>", "<img src=x");
        assertThat(doc.select("#metrics h3").first().text()).isEqualTo(ReportScene.EVIL_SERVER);
        assertThat(doc.select("#bottlenecks tbody tr").first().select("td").eachText())
                .startsWith("1", ReportScene.EVIL_SERVER, ReportScene.EVIL_TOOL);
        assertThat(doc.select("#failing-tools tbody td").eachText())
                .anyMatch(t -> t.contains(ReportScene.EVIL_MESSAGE_GROUP.replace("\n", " ")));
        assertThat(doc.select("#alerts tbody td").eachText()).contains(ReportScene.EVIL_SERVER, ReportScene.EVIL_TOOL);
        assertThat(doc.select(".legend li").eachText()).contains(ReportScene.EVIL_SERVER);
        assertThat(doc.title()).contains("MCP performance report");
        assertThat(HtmlText.escape("<a href='x' title=\"y\">&</a>\u0000"))
                .isEqualTo("&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;&amp;&lt;/a&gt;\uFFFD");
    }
}
