package io.mcpmonitor.core.report;

/**
 * The sections of a report, in order, with the id (HTML {@code id}, JSON key) and heading every
 * format uses. {@link #CHARTS} is drawn only in HTML.
 */
enum Section {
    SUMMARY("summary", "Executive summary"),
    CHARTS("charts", "Charts"),
    TRENDS("trends", "Trends"),
    METRICS("metrics", "Metrics per server and tool"),
    BOTTLENECKS("bottlenecks", "Top bottlenecks"),
    FAILING_TOOLS("failing-tools", "Most failing tools"),
    CONTEXT_COST("context-cost", "Context cost"),
    TOP_CLIENTS("top-clients", "Top clients"),
    ANOMALIES("anomalies", "Anomalies"),
    ALERTS("alerts", "Alerts"),
    DEPLOYMENTS("deployments", "Deployments"),
    RECOMMENDATIONS("recommendations", "Recommendations");

    final String id;
    final String title;

    Section(String id, String title) {
        this.id = id;
        this.title = title;
    }
}
