package io.mcpmonitor.core.report;

import io.mcpmonitor.core.query.Summary;
import java.util.List;

/**
 * A report as one self-contained HTML5 file: inline CSS, inline SVG charts ({@link SvgChart}), no
 * script, no external asset (it opens offline, from a mail attachment or a file). Every name and
 * message from outside goes through {@link HtmlText#escape}; a Content-Security-Policy that allows
 * no script, no network and only inline styles guards against anything missed. Each section is a
 * {@code <section id="...">} with an {@code <h2>} (ids of {@link Section}). Stateless.
 */
public final class HtmlReport {

    /** No script, no fetch, no frame: only the inline styles and SVG of the file itself. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private HtmlReport() {
    }

    public static String render(Report r) {
        StringBuilder h = new StringBuilder(32768);
        ReportRequest q = r.request();
        String scope = q.server() == null ? "all servers" : "server " + q.server();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc("MCP performance report, " + scope + ", " + q.start() + " to " + q.end()))
                .append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n<header>\n")
                .append("<h1>MCP performance report</h1>\n<p class=\"range\">").append(esc(q.rangeText() + ", " + scope))
                .append(" · generated at ").append(esc(r.generatedAt().toString())).append("</p>\n</header>\n<main>\n");

        open(h, Section.SUMMARY);
        tiles(h, r);
        list(h, "ul", r.highlights());
        close(h);

        open(h, Section.CHARTS);
        for (Chart c : r.charts()) {
            h.append("<figure>\n<figcaption>").append(esc(c.title())).append("</figcaption>\n").append(SvgChart.render(c))
                    .append("\n<ul class=\"legend\">");
            for (int i = 0; i < c.lines().size(); i++) {
                h.append("<li><span class=\"swatch\" style=\"background:").append(SvgChart.COLOURS.get(i % SvgChart.COLOURS.size()))
                        .append("\"></span>").append(esc(c.lines().get(i).label())).append("</li>");
            }
            h.append("</ul>\n</figure>\n");
        }
        close(h);

        open(h, Section.TRENDS);
        table(h, ReportTables.trends(r), "");
        close(h);

        open(h, Section.METRICS);
        if (r.servers().isEmpty()) {
            h.append("<p>No calls in this range.</p>\n");
        }
        for (ServerReport s : r.servers()) {
            h.append("<h3>").append(esc(s.server())).append("</h3>\n<p>").append(esc(ReportTables.serverTotals(s))).append("</p>\n");
            table(h, ReportTables.tools(s), "");
        }
        close(h);

        open(h, Section.BOTTLENECKS);
        h.append("<p class=\"note\">Ranked by impact = p95 (ms) × calls / 1000: the seconds the tool's calls would take if "
                + "each ran as slow as its p95.</p>\n");
        table(h, ReportTables.bottlenecks(r.bottlenecks()), "No calls in this range.");
        close(h);

        open(h, Section.FAILING_TOOLS);
        table(h, ReportTables.failingTools(r.failingTools()), "No call failed in this range.");
        close(h);

        open(h, Section.CONTEXT_COST);
        h.append("<p class=\"note\">").append(HtmlText.escape(ReportTables.CONTEXT_COST_NOTE)).append("</p>\n");
        table(h, ReportTables.contextCost(r.contextCost()), "No result sizes were measured in this range.");
        close(h);

        open(h, Section.TOP_CLIENTS);
        h.append("<p class=\"note\">").append(HtmlText.escape(ReportTables.TOP_CLIENTS_NOTE)).append("</p>\n");
        table(h, ReportTables.topClients(r.topClients()), "No call of this range named its client.");
        close(h);

        open(h, Section.ANOMALIES);
        table(h, ReportTables.anomalies(r.anomalies()), "No anomalies were detected in this range.");
        close(h);

        open(h, Section.ALERTS);
        table(h, ReportTables.alerts(r.alerts()), "No alert was open in this range.");
        close(h);

        open(h, Section.DEPLOYMENTS);
        table(h, ReportTables.deployments(r.deployments()), "No deployments in this range.");
        close(h);

        if (q.includeRecommendations()) {
            open(h, Section.RECOMMENDATIONS);
            list(h, "ol", r.recommendations());
            close(h);
        }
        return h.append("</main>\n</body>\n</html>\n").toString();
    }

    private static String esc(String s) {
        return HtmlText.escape(s);
    }

    private static void open(StringBuilder h, Section s) {
        h.append("<section id=\"").append(s.id).append("\">\n<h2>").append(s.title).append("</h2>\n");
    }

    private static void close(StringBuilder h) {
        h.append("</section>\n");
    }

    private static void list(StringBuilder h, String tag, List<String> items) {
        h.append('<').append(tag).append('>');
        items.forEach(i -> h.append("<li>").append(esc(i)).append("</li>"));
        h.append("</").append(tag).append(">\n");
    }

    private static void tiles(StringBuilder h, Report r) {
        Summary s = r.overall().summary();
        long open = r.alerts().stream().filter(a -> a.status().isOpen()).count();
        String[][] tiles = {{"Calls", Figures.count(s.totalCalls())}, {"Avg", Figures.ms(s.avgResponseTime())},
            {"p95", Figures.ms(s.p95ResponseTime())}, {"p99", Figures.ms(s.p99ResponseTime())},
            {"Error rate", Figures.percent(s.errorRate())}, {"Anomalies", Integer.toString(r.anomalies().size())},
            {"Open alerts", Long.toString(open)}};
        h.append("<div class=\"tiles\">");
        for (String[] t : tiles) {
            h.append("<div class=\"tile\"><span class=\"label\">").append(t[0]).append("</span><span class=\"value\">")
                    .append(esc(t[1])).append("</span></div>");
        }
        h.append("</div>\n");
    }

    private static void table(StringBuilder h, ReportTables.Table t, String empty) {
        if (t.rows().isEmpty()) {
            h.append("<p>").append(esc(empty)).append("</p>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table>\n<thead><tr>");
        t.header().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            h.append("<tr>");
            row.forEach(c -> h.append("<td>").append(esc(c)).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
    }

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
            header{background:#263238;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}
            .range{margin:4px 0 0;color:#cfd8dc;font-size:13px;overflow-wrap:anywhere}
            main{padding:8px 24px 32px;max-width:1200px}
            section{background:#fff;border:1px solid #e0e0e0;border-radius:6px;margin:16px 0;padding:8px 16px 16px}
            h2{font-size:18px;border-bottom:1px solid #eee;padding-bottom:6px}h3{font-size:15px;margin-bottom:4px;overflow-wrap:anywhere}
            .tiles{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:8px}
            .tile{border:1px solid #e0e0e0;border-radius:6px;padding:8px 12px;min-width:96px}
            .tile .label{display:block;font-size:12px;color:#666}.tile .value{font-size:18px;font-weight:600}
            .scroll{overflow-x:auto}table{border-collapse:collapse;font-size:13px;width:100%}
            th,td{border-bottom:1px solid #eee;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
            th{background:#f5f5f5}figure{margin:12px 0}figcaption{font-weight:600;font-size:14px;overflow-wrap:anywhere}
            svg.chart{width:100%;max-width:720px;height:auto;display:block}
            .legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:12px;font-size:12px}
            .legend li{overflow-wrap:anywhere}.swatch{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
            .note{color:#555;font-size:13px}
            """;
}
