/**
 * Performance reports (docs/REPORTS.md): what happened over a time range, for people and programs.
 *
 * <p><b>Model.</b> {@link io.mcpmonitor.core.report.ReportBuilder} assembles a
 * {@link io.mcpmonitor.core.report.Report} (immutable records) from the same
 * {@link io.mcpmonitor.core.query.MetricsQueries} behind {@code get_metrics}, so every number in a
 * report equals what {@code get_metrics} answers for the same range and filters; plus the anomalies
 * of background detection ({@link io.mcpmonitor.core.report.AnomalySource}) and the alert state
 * ({@link io.mcpmonitor.core.report.AlertSource}).
 *
 * <p><b>Renderers.</b> {@link io.mcpmonitor.core.report.ReportFormat} picks one of
 * {@link io.mcpmonitor.core.report.MarkdownReport}, {@link io.mcpmonitor.core.report.JsonReport} and
 * {@link io.mcpmonitor.core.report.HtmlReport}. Every server name, tool name, error message, alert id
 * and anomaly text comes from outside and is escaped for the format it lands in
 * ({@link io.mcpmonitor.core.report.MarkdownText}, {@link io.mcpmonitor.core.report.HtmlText}); the HTML
 * is one self-contained file (inline CSS, inline SVG charts, no script, no external asset).
 *
 * <p>Null policy: nothing is null unless its javadoc says so (the server filter of a
 * {@link io.mcpmonitor.core.report.ReportRequest}); absent values are empty collections, unknown
 * changes NaN. Every type here is immutable or stateless, so thread-safe.
 */
package io.mcpmonitor.core.report;
