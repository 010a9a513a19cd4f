package io.mcpmonitor.mcp.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code detect_anomalies} for a person: what is abnormal over the last hours, with what to do. */
@Command(name = "anomalies", mixinStandardHelpOptions = true,
        description = "What is abnormal now: latency spikes and shifts, error-rate spikes, traffic changes, resource "
                + "spikes, with severity and recommendations (detect_anomalies).")
final class AnomaliesCommand extends ToolCommand {

    @Mixin
    ScopeOption scope;

    @Option(names = {"--last", "--since", "--lookbackWindow"}, paramLabel = "LENGTH", defaultValue = "6h",
            description = "How far back to look: 1h, 6h, 24h or 7d (default: ${DEFAULT-VALUE}).")
    String lookback;

    @Option(names = "--sensitivity", paramLabel = "LEVEL", description = "low, medium or high (default: medium).")
    String sensitivity;

    @Option(names = "--method", paramLabel = "METHOD", description = "auto, z-score, moving-avg or percentile (default: auto).")
    String method;

    AnomaliesCommand() {
        super("detect_anomalies");
    }

    @Override
    Map<String, Object> arguments() {
        return LocalTools.args("mcpServer", scope.server, "toolName", scope.tool, "lookbackWindow", lookback,
                "sensitivity", sensitivity, "method", method);
    }

}
