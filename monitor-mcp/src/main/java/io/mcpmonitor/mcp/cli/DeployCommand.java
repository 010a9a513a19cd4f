package io.mcpmonitor.mcp.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code record_deployment} from a deploy script: {@code mcp-monitor deploy billing 2.1 --environment staging}. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Record that a version of a server was deployed (record_deployment); the sidecar judges it once "
                + "enough traffic has followed.")
final class DeployCommand extends ToolCommand {

    @Parameters(index = "0", paramLabel = "SERVER", description = "The server deployed.")
    String server;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version deployed.")
    String version;

    @Option(names = "--environment", paramLabel = "ENV", description = "staging, production (default), ...")
    String environment;

    @Option(names = "--timestamp", paramLabel = "TIME", description = "When, ISO-8601 (default: now).")
    String timestamp;

    @Option(names = "--deployedBy", paramLabel = "WHO", description = "Who or what deployed it.")
    String deployedBy;

    @Option(names = "--notes", paramLabel = "TEXT", description = "Free text.")
    String notes;

    DeployCommand() {
        super("record_deployment");
    }

    @Override
    Map<String, Object> arguments() {
        return LocalTools.args("mcpServer", server, "version", version, "environment", environment, "timestamp", timestamp,
                "deployedBy", deployedBy, "notes", notes);
    }

}
