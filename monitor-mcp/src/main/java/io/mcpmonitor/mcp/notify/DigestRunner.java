package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.deploy.Deployment;
import io.mcpmonitor.core.deploy.DeploymentLog;
import io.mcpmonitor.core.deploy.DeploymentVerdict;
import io.mcpmonitor.core.detect.AnomalyDetection;
import io.mcpmonitor.core.notify.DigestSchedule;
import io.mcpmonitor.core.notify.DigestTimes;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.report.AlertSource;
import io.mcpmonitor.core.report.AnomalySource;
import io.mcpmonitor.core.report.DeploymentSource;
import io.mcpmonitor.core.report.JsonReport;
import io.mcpmonitor.core.report.Report;
import io.mcpmonitor.core.report.ReportBuilder;
import io.mcpmonitor.core.report.ReportFormat;
import io.mcpmonitor.core.report.ReportRequest;
import io.mcpmonitor.mcp.server.ToolContext;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the scheduled digests that are due: for each, the performance report of its range — built as
 * {@code generate_performance_report} builds it, so the numbers are the same — as the text (Markdown:
 * executive summary, top bottlenecks, most failing tools, trends, alerts, anomalies) and as
 * {@code fields.report} (the JSON report), followed by the deployments of the range with their verdicts.
 *
 * <p>Not thread-safe: one background thread (or a test with a manual clock) calls {@link #due}.
 */
final class DigestRunner {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final ToolContext context;
    private final List<DigestSchedule> schedules;
    private final DigestTimes times;
    private final ReportBuilder builder;

    public DigestRunner(ToolContext context, List<DigestSchedule> schedules) {
        this.context = context;
        this.schedules = List.copyOf(schedules);
        this.times = DigestTimes.open(context.reader().store().root());
        this.builder = new ReportBuilder(new MetricsQueries(context.reader()),
                AnomalySource.of(AnomalyDetection.shared(context.reader())), AlertSource.of(context.alerts()),
                DeploymentSource.of(context.reader().store().root()));
    }

    /** The digests due at {@code now}, marked as sent. */
    public List<Notification> due(Instant now) throws IOException {
        List<DigestTimes.Due> due = times.due(schedules, now);
        if (due.isEmpty()) {
            return List.of();
        }
        times.save(); // before sending: a crash costs a digest rather than sending it twice
        context.readYourWrites();
        List<Notification> out = new ArrayList<>();
        for (DigestTimes.Due d : due) {
            out.add(digest(d, now));
        }
        return out;
    }

    private Notification digest(DigestTimes.Due d, Instant now) throws IOException {
        DigestSchedule s = d.schedule();
        Report report = builder.build(new ReportRequest(d.from(), d.to(), s.server(), true), now);
        String range = LOCAL.format(d.from().atZone(s.zone())) + " to " + LOCAL.format(d.to().atZone(s.zone())) + " "
                + s.zone().getId();
        String title = (s.weekly() ? "Weekly" : "Daily") + " performance digest" + (s.server() == null ? "" : " of " + s.server())
                + ": " + range;
        List<Map<String, Object>> deployments = deployments(d, s.server());
        StringBuilder text = new StringBuilder(ReportFormat.MARKDOWN.render(report).stripTrailing()).append("\n\n## Deployments\n\n");
        if (deployments.isEmpty()) {
            text.append("No deployments in this period.\n");
        }
        for (Map<String, Object> dep : deployments) {
            text.append("- ").append(dep.get("timestamp")).append(' ').append(dep.get("mcpServer")).append(' ')
                    .append(dep.get("version")).append(" (").append(dep.get("environment")).append("): ")
                    .append(dep.get("verdict")).append('\n');
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("digest", s.name());
        fields.put("every", s.every());
        fields.put("zone", s.zone().getId());
        fields.put("startTime", d.from().toString());
        fields.put("endTime", d.to().toString());
        if (s.server() != null) {
            fields.put("mcpServer", s.server());
        }
        fields.put("report", JsonReport.toMap(report));
        fields.put("deployments", deployments);
        return new Notification(Notification.Kind.PERFORMANCE_DIGEST, "warning", s.server() == null ? "" : s.server(), title,
                text.toString().stripTrailing(), fields, now, List.of());
    }

    private List<Map<String, Object>> deployments(DigestTimes.Due d, String server) throws IOException {
        DeploymentLog log = new DeploymentLog(context.reader().store().root());
        List<DeploymentVerdict> verdicts = log.verdicts();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Deployment dep : log.all()) {
            if (dep.at().isBefore(d.from()) || !dep.at().isBefore(d.to()) || (server != null && !server.equals(dep.server()))) {
                continue;
            }
            Optional<DeploymentVerdict> v = verdicts.stream().filter(x -> x.deploymentId().equals(dep.id())).findFirst();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("deploymentId", dep.id());
            m.put("mcpServer", dep.server());
            m.put("version", dep.version());
            m.put("previousVersion", dep.previousVersion());
            m.put("environment", dep.environment());
            m.put("timestamp", dep.at().toString());
            m.put("verdict", v.map(x -> x.verdict().wireName()).orElse("not judged"));
            m.put("doNotPromote", v.map(DeploymentVerdict::doNotPromote).orElse(false));
            out.add(m);
        }
        return out;
    }
}
