package io.mcpmonitor.agent;

import com.sun.tools.attach.VirtualMachine;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar monitor-agent.jar attach <pid> [key=value ...]}: loads the agent into a running JVM of the
 * same user. The options are those of {@code -javaagent}; attaching again to a JVM that already runs the
 * agent only switches recording ({@code enabled=true|false}).
 *
 * <p>Runs in its own short-lived JVM, never in the host: it prints its result to stdout and errors to stderr,
 * and returns the process exit code (0 attached, 1 failed, 2 usage).
 */
final class AttachCommand {

    static final String USAGE = """
            usage: java -jar monitor-agent.jar attach <pid> [key=value ...]
              options: server=NAME store=DIR flush=10s enabled=true|false include=PATTERNS log=stderr|off|FILE
              example: java -jar monitor-agent.jar attach 12345 server=billing store=/var/lib/mcp-monitor""";

    private AttachCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !"attach".equals(args[0])) {
            err.println(USAGE);
            return 2;
        }
        String pid = args[1];
        if (!pid.chars().allMatch(Character::isDigit) || pid.isEmpty()) {
            err.println("mcp-monitor: the process id must be a number, was '" + pid + "'");
            err.println(USAGE);
            return 2;
        }
        String options = String.join(",", Arrays.copyOfRange(args, 2, args.length));
        try {
            String jar = AgentMain.agentJar().getAbsolutePath();
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                vm.loadAgent(jar, options);
            } finally {
                vm.detach();
            }
            out.println("mcp-monitor agent attached to process " + pid
                    + (options.isEmpty() ? "" : " with " + options));
            return 0;
        } catch (Exception | LinkageError e) {
            err.println("mcp-monitor: cannot attach to process " + pid + ": " + e);
            return 1;
        }
    }
}
