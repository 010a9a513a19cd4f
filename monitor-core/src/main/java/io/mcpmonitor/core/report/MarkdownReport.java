package io.mcpmonitor.core.report;

import java.util.List;

/**
 * A report as Markdown (CommonMark with GFM tables): the sections of {@link Section} but the charts,
 * which only the HTML report draws. Every name and message from outside goes through
 * {@link MarkdownText#escape}, so none can break a table, a heading or a list, or inject links,
 * images or raw HTML. Stateless.
 */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String render(Report r) {
        StringBuilder md = new StringBuilder(8192);
        ReportRequest q = r.request();
        md.append("# MCP performance report\n\n");
        md.append(text("From " + q.rangeText()
                + (q.server() == null ? ", all servers" : ", server " + q.server())
                + ". Generated at " + r.generatedAt() + ".")).append("\n");

        heading(md, Section.SUMMARY);
        r.highlights().forEach(h -> md.append("- ").append(text(h)).append('\n'));

        heading(md, Section.TRENDS);
        table(md, ReportTables.trends(r));

        heading(md, Section.METRICS);
        if (r.servers().isEmpty()) {
            md.append("No calls in this range.\n");
        }
        for (ServerReport s : r.servers()) {
            md.append("\n### ").append(text(s.server())).append("\n\n").append(text(ReportTables.serverTotals(s))).append("\n\n");
            table(md, ReportTables.tools(s));
        }

        heading(md, Section.BOTTLENECKS);
        md.append(text("Ranked by impact = p95 (ms) × calls / 1000: the seconds the tool's calls would take if each "
                + "ran as slow as its p95.")).append("\n\n");
        tableOr(md, ReportTables.bottlenecks(r.bottlenecks()), "No calls in this range.");

        heading(md, Section.FAILING_TOOLS);
        tableOr(md, ReportTables.failingTools(r.failingTools()), "No call failed in this range.");

        heading(md, Section.CONTEXT_COST);
        md.append(text(ReportTables.CONTEXT_COST_NOTE)).append("\n\n");
        tableOr(md, ReportTables.contextCost(r.contextCost()), "No result sizes were measured in this range.");

        heading(md, Section.TOP_CLIENTS);
        md.append(text(ReportTables.TOP_CLIENTS_NOTE)).append("\n\n");
        tableOr(md, ReportTables.topClients(r.topClients()), "No call of this range named its client.");

        heading(md, Section.ANOMALIES);
        tableOr(md, ReportTables.anomalies(r.anomalies()), "No anomalies were detected in this range.");

        heading(md, Section.ALERTS);
        tableOr(md, ReportTables.alerts(r.alerts()), "No alert was open in this range.");

        heading(md, Section.DEPLOYMENTS);
        tableOr(md, ReportTables.deployments(r.deployments()), "No deployments in this range.");

        if (q.includeRecommendations()) {
            heading(md, Section.RECOMMENDATIONS);
            List<String> recs = r.recommendations();
            for (int i = 0; i < recs.size(); i++) {
                md.append(i + 1).append(". ").append(text(recs.get(i))).append('\n');
            }
        }
        return md.toString();
    }

    private static String text(String s) {
        return MarkdownText.escape(s);
    }

    private static void heading(StringBuilder md, Section s) {
        md.append("\n## ").append(s.title).append("\n\n");
    }

    private static void tableOr(StringBuilder md, ReportTables.Table t, String empty) {
        if (t.rows().isEmpty()) {
            md.append(text(empty)).append('\n');
        } else {
            table(md, t);
        }
    }

    static void table(StringBuilder md, ReportTables.Table t) {
        row(md, t.header());
        md.append('|');
        t.header().forEach(h -> md.append(" --- |"));
        md.append('\n');
        t.rows().forEach(r -> row(md, r));
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append('|');
        for (String c : cells) {
            // an empty cell stays visibly empty; a name of spaces only keeps one
            md.append(' ').append(c.isEmpty() ? "" : text(c)).append(" |");
        }
        md.append('\n');
    }
}
