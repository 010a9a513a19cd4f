package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.detect.AnomalyDetection;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.report.AlertSource;
import io.mcpmonitor.core.report.AnomalySource;
import io.mcpmonitor.core.report.Report;
import io.mcpmonitor.core.report.ReportBuilder;
import io.mcpmonitor.core.report.ReportFormat;
import io.mcpmonitor.core.report.ReportRequest;
import io.mcpmonitor.core.store.StoreReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code generate_performance_report} for a person: the same report, from the store on disk (no
 * sidecar needed), written to a file or to standard output.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "A performance report over a time range (generate_performance_report), as Markdown, JSON or one "
                + "self-contained HTML file with charts.")
final class ReportCommand implements Callable<Integer> {

    @Mixin
    StoreOption store;

    @Mixin
    TimeRangeOption range;

    @Option(names = "--format", defaultValue = "markdown", description = "markdown, json or html (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"--server", "--mcpServer"}, paramLabel = "NAME", description = "Only this server (default: all).")
    String server;

    @Option(names = "--includeRecommendations", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "Add recommendations (default: ${DEFAULT-VALUE}).")
    boolean includeRecommendations;

    @Option(names = {"--top", "--topN"}, paramLabel = "N", defaultValue = "3",
            description = "Tools charted in HTML: the N top bottlenecks and the N most failing (default: ${DEFAULT-VALUE}, at most 20).")
    int topN;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE (default: standard output).")
    Path out;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReportRequest request;
        ReportFormat reportFormat;
        try {
            reportFormat = ReportFormat.fromWireName(format);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            TimeRangeOption.Range r = range.resolve(now);
            Instant end = r.end() == null ? now : r.end();
            Instant start = r.start() == null ? end.minus(Duration.ofHours(24)) : r.start();
            request = new ReportRequest(start, end, server, includeRecommendations, topN);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path dir = store.directory();
        StoreReader reader = store.read(spec.commandLine().getErr());
        ReportBuilder builder = new ReportBuilder(new MetricsQueries(reader), AnomalySource.of(new AnomalyDetection(reader)),
                AlertSource.of(AlertEngine.open(dir, AlertPolicy.DEFAULT)), io.mcpmonitor.core.report.DeploymentSource.of(dir));
        boolean inTerminal = System.console() != null && request.length().compareTo(Duration.ofDays(1)) > 0;
        long began = System.nanoTime();
        if (inTerminal) {
            // in a terminal, a long range says it is working (a month of data takes a while)
            spec.commandLine().getErr().printf("report: reading %d days of data...%n", request.length().toDays());
            spec.commandLine().getErr().flush();
        }
        Report report = builder.build(request, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        if (inTerminal) {
            spec.commandLine().getErr().printf("report: built in %.1f s%n", (System.nanoTime() - began) / 1e9);
            spec.commandLine().getErr().flush();
        }
        String document = reportFormat.render(report);
        if (out == null) {
            PrintWriter w = spec.commandLine().getOut();
            w.print(document);
            w.flush();
        } else {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, document, StandardCharsets.UTF_8);
            PrintWriter err = spec.commandLine().getErr();
            err.printf("report (%s, %s to %s) written to %s%n", reportFormat.wireName(), request.start(), request.end(), out);
            err.flush();
        }
        return 0;
    }
}
