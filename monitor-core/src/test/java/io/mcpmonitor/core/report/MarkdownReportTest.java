package io.mcpmonitor.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

    @TempDir
    Path dir;

    /** Undoes {@link MarkdownText#escape} as a CommonMark reader does: a backslash before punctuation is dropped. */
    static String unescape(String md) {
        return md.replaceAll("\\\\(\\p{Punct})", "$1");
    }

    @Test
    void escapesEverythingThatWouldStructureMarkdown() {
        assertThat(MarkdownText.escape("a|b")).isEqualTo("a\\|b");
        assertThat(MarkdownText.escape("`code` *em* _em_ [link](x) ![img](y) <b> &amp; # ~~ {}"))
                .isEqualTo("\\`code\\` \\*em\\* \\_em\\_ \\[link\\](x) \\!\\[img\\](y) \\<b\\> \\&amp; \\# \\~\\~ \\{\\}");
        assertThat(MarkdownText.escape("back\\slash")).isEqualTo("back\\\\slash");
        assertThat(MarkdownText.escape("line\nbreak\r\n\tand\u2028more")).isEqualTo("line break and more");
        assertThat(MarkdownText.escape("plain-name.v2 (prod)")).isEqualTo("plain-name.v2 (prod)");
        for (String s : List.of("a|b", "`x`", "<script>alert(1)</script>", "x\\|y", "[a](b)")) {
            assertThat(unescape(MarkdownText.escape(s))).isEqualTo(s);
        }
    }

    @Test
    void namesWithPipesBackticksAndNewlinesStayInTheirTableCell() throws Exception {
        String md = MarkdownReport.render(new ReportScene(dir).report(true));
        List<String> lines = Arrays.asList(md.split("\n", -1));
        // every row of a table has as many unescaped pipes as its header: no name added or closed a cell
        int expected = -1;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                expected = -1;
                continue;
            }
            int pipes = unescapedPipes(line);
            if (expected < 0) {
                expected = pipes;
            }
            assertThat(pipes).as(line).isEqualTo(expected);
            assertThat(line).endsWith("|");
        }
        assertThat(md).contains("\\<script\\>alert(1)\\</script\\>");
        // no unescaped character that would open raw HTML, a link, an image or code
        assertThat(Pattern.compile("(?<!\\\\)[<\\[`]").matcher(md).find()).as("unescaped < [ or `").isFalse();
        // the evil message is one line, in its cell, readable once unescaped
        List<String> evilRows = lines.stream().filter(l -> l.startsWith("|") && l.contains("rm -rf")).toList();
        // (the error table shows the message's group, the anomaly its own description)
        assertThat(evilRows).hasSize(2).allSatisfy(row -> assertThat(unescape(row)).containsAnyOf(
                ReportScene.EVIL_MESSAGE_GROUP.replace('\n', ' '), ReportScene.EVIL_MESSAGE.replace('\n', ' ')));
        assertThat(evilRows).anySatisfy(row -> assertThat(unescape(row)).contains(ReportScene.EVIL_MESSAGE_GROUP.replace('\n', ' ')));
        assertThat(lines).filteredOn(l -> l.startsWith("## ")).containsExactly("## Executive summary", "## Trends",
                "## Metrics per server and tool", "## Top bottlenecks", "## Most failing tools", "## Context cost", "## Top clients", "## Anomalies", "## Alerts",
                "## Deployments", "## Recommendations");
        assertThat(lines).filteredOn(l -> l.startsWith("### ")).containsExactly("### \\<script\\>alert(1)\\</script\\>",
                "### weather");
    }

    static int unescapedPipes(String line) {
        Matcher m = Pattern.compile("(\\\\*)\\|").matcher(line);
        int n = 0;
        while (m.find()) {
            if (m.group(1).length() % 2 == 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void leavesRecommendationsOutWhenNotRequested() throws Exception {
        String md = MarkdownReport.render(new ReportScene(dir).report(false));
        assertThat(md).doesNotContain("## Recommendations").contains("## Executive summary");
    }
}
