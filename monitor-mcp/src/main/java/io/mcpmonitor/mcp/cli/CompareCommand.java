package io.mcpmonitor.mcp.cli;

import io.mcpmonitor.mcp.server.ToolAnswer;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code compare_performance} for a person or a pipeline: the verdict and its numbers; the exit
 * code is 0 for pass, marginal or not_enough_data and 1 for fail, so a deploy script can stop.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Judge a deployment, two windows, or a server against a baseline server, per tool (compare_performance). "
                + "Exits 1 when the verdict is fail.")
final class CompareCommand extends ToolCommand {

    @Mixin
    ScopeOption scope;

    @Option(names = "--deploymentId", paramLabel = "ID", description = "Judge this deployment.")
    String deploymentId;

    @Option(names = "--windowMinutes", paramLabel = "N", description = "Each side around a deployment (default 15).")
    Double windowMinutes;

    @Option(names = "--baselineServer", paramLabel = "NAME", description = "Compare --mcpServer against this server.")
    String baselineServer;

    @Option(names = "--startTime", paramLabel = "TIME", description = "With --baselineServer (default: an hour ago).")
    String startTime;

    @Option(names = "--endTime", paramLabel = "TIME", description = "With --baselineServer (default: now).")
    String endTime;

    @Option(names = "--before", paramLabel = "START/END", description = "The before window: two ISO-8601 times joined by '/'.")
    String before;

    @Option(names = "--after", paramLabel = "START/END", description = "The after window: two ISO-8601 times joined by '/'.")
    String after;

    CompareCommand() {
        super("compare_performance");
    }

    @Override
    Map<String, Object> arguments() {
        Map<String, Object> args = LocalTools.args("mcpServer", scope.server, "toolName", scope.tool, "deploymentId", deploymentId,
                "windowMinutes", windowMinutes, "baselineServer", baselineServer, "startTime", startTime, "endTime", endTime);
        if (before != null) {
            args.put("before", window("--before", before));
        }
        if (after != null) {
            args.put("after", window("--after", after));
        }
        return args;
    }

    private static Map<String, Object> window(String option, String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(option + ": must be START/END, two ISO-8601 times joined by '/', was '" + value + "'");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("startTime", value.substring(0, slash));
        m.put("endTime", value.substring(slash + 1));
        return m;
    }


    @Override
    int exitCode(ToolAnswer answer) {
        return "fail".equals(answer.structured().get("verdict")) ? 1 : 0;
    }
}
