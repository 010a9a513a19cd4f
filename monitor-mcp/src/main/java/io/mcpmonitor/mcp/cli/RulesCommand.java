package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.prometheus.rules.PrometheusRules;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rules export --format prometheus}: the alert rules in force, for another engine to evaluate. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "The alert rules in force; `rules export --format prometheus` writes them as a Prometheus rule file.",
        subcommands = {RulesCommand.Export.class})
final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the alert rules in force (built-in and set with set_alert_threshold) as a Prometheus rule "
                    + "file over the metrics of `serve --metrics` (docs/PROMETHEUS.md).")
    static final class Export implements Callable<Integer> {

        @Mixin
        StoreOption store;

        @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "prometheus (the only format).")
        String format;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
        Path output;

        @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "15",
                description = "Evaluation interval of the rule group, seconds (default: ${DEFAULT-VALUE}).")
        int intervalSeconds;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!"prometheus".equals(format)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--format: expected prometheus, was '" + format + "'");
            }
            if (intervalSeconds < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--interval: must be at least 1, was " + intervalSeconds);
            }
            Path dir = store.directory();
            String file = PrometheusRules.render(AlertEngine.open(dir, AlertPolicy.DEFAULT).rules(),
                    Duration.ofSeconds(intervalSeconds));
            if (output == null) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(file);
                out.flush();
            } else {
                Files.writeString(output, file, StandardCharsets.UTF_8);
                spec.commandLine().getErr().println("rules of store " + dir + " written to " + output);
            }
            return 0;
        }
    }
}
