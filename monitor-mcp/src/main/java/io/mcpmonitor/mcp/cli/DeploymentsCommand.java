package io.mcpmonitor.mcp.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code list_deployments} for a person: the deployments, newest first. */
@Command(name = "deployments", mixinStandardHelpOptions = true,
        description = "The recorded deployments, newest first (list_deployments).")
final class DeploymentsCommand extends ToolCommand {

    @Option(names = {"--mcpServer", "--server"}, paramLabel = "NAME", description = "Only this server (default: all).")
    String server;

    @Option(names = "--environment", paramLabel = "ENV", description = "Only this environment.")
    String environment;

    @Option(names = "--startTime", paramLabel = "TIME", description = "Deployed at or after (ISO-8601).")
    String startTime;

    @Option(names = "--endTime", paramLabel = "TIME", description = "Deployed before (ISO-8601).")
    String endTime;

    @Option(names = "--limit", paramLabel = "N", description = "At most N deployments.")
    Integer limit;

    DeploymentsCommand() {
        super("list_deployments");
    }

    @Override
    Map<String, Object> arguments() {
        return LocalTools.args("mcpServer", server, "environment", environment, "startTime", startTime, "endTime", endTime,
                "limit", limit);
    }

}
