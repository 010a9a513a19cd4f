package io.mcpmonitor.mcp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mcp-monitor} command line. Subcommands are short verbs that reuse the MCP tools'
 * parameter names as options. Diagnostics go to stderr; a command's answer goes to its output.
 */
@Command(name = "mcp-monitor", mixinStandardHelpOptions = true, versionProvider = McpMonitorCli.Version.class,
        description = "Performance monitor for MCP servers: query the store that agents and track() calls fill.",
        subcommands = {ServeCommand.class, DemoCommand.class, MetricsCommand.class, CompactCommand.class, BacktestCommand.class, ReportCommand.class,
                ServersCommand.class, AnomaliesCommand.class, AlertsCommand.class, RulesCommand.class,
                DeployCommand.class, DeploymentsCommand.class, CompareCommand.class,
                CommandLine.HelpCommand.class})
public final class McpMonitorCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("serve")) {
            String[] serveArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
            if (io.mcpmonitor.mcp.shared.SharedServe.isPlainShared(serveArgs)) {
                // A session of the shared sidecar only relays bytes: nothing but the JDK is loaded for it.
                int code = io.mcpmonitor.mcp.shared.SharedServe.relay(serveArgs, System.in,
                        new java.io.FileOutputStream(java.io.FileDescriptor.out), System.err);
                if (code != io.mcpmonitor.mcp.shared.SessionRelay.SERVE_ALONE) {
                    System.exit(code);
                }
                serveArgs = io.mcpmonitor.mcp.shared.SharedServe.withoutShared(serveArgs);
            }
            // An MCP client starts the sidecar once per session and waits for it: build only the
            // command it runs, without picocli when its options are plain (picocli reflects on each
            // command), and warm the protocol's classes on a second core meanwhile.
            io.mcpmonitor.mcp.server.WarmUp.start();
            System.exit(serve(serveArgs));
        }
        System.exit(commandLine().execute(args));
    }

    /** Runs {@code serve} with {@code args} (those after the word serve); returns its exit code. */
    static int serve(String[] args) {
        ServeCommand plain = ServeCommand.plain(args);
        if (plain == null) {
            return serveCommandLine().execute(args);
        }
        try {
            return plain.call();
        } catch (Exception e) {
            // As picocli ends a command that failed: the stack trace on stderr, exit code 1.
            e.printStackTrace(System.err); // stderr: stdout is the JSON-RPC channel
            return 1;
        }
    }

    /** {@code serve} alone, named and configured as it is under {@link #commandLine()}. */
    static CommandLine serveCommandLine() {
        return new CommandLine(new ServeCommand()).setCommandName("mcp-monitor serve").setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The configured command line, for tests and embedding. */
    public static CommandLine commandLine() {
        return new CommandLine(new McpMonitorCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version from the jar manifest, or the development marker when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = McpMonitorCli.class.getPackage().getImplementationVersion();
            return new String[] {"mcp-monitor " + (v == null ? "development build" : v),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
