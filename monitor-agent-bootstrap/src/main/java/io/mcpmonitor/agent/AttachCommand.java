package io.mcpmonitor.agent;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar monitor-agent.jar attach <pid> [key=value ...]}: loads the agent into a running JVM of the
 * same user. The options are those of {@code -javaagent}; attaching again to a JVM that already runs the
 * agent only switches recording ({@code enabled=true|false}), and other options are refused as "already
 * attached".
 *
 * <p>What happened inside the host is reported here, not only in the host's log: the agent writes its status
 * to a file this command names in the options, read once {@code loadAgent} returns (the agent's
 * {@code agentmain} runs before it does). Runs in its own short-lived JVM, never in the host: it prints its
 * result to stdout and errors to stderr, and returns the process exit code (0 attached or switched, 1 failed
 * or refused, 2 usage).
 */
final class AttachCommand {

    static final String USAGE = """
            usage: java -jar monitor-agent.jar attach <pid> [key=value ...]
              options: server=NAME store=DIR flush=10s enabled=true|false include=PATTERNS log=stderr|off|FILE
              example: java -jar monitor-agent.jar attach 12345 server=billing store=/var/lib/mcp-monitor
            or as a -javaagent: java -javaagent:monitor-agent.jar=server=billing,flush=5s -jar your-mcp-server.jar""";

    private AttachCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && List.of("--help", "-h", "help").contains(args[0])) {
            out.println(USAGE);
            return 0;
        }
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
        Path status = null;
        try {
            String jar = AgentMain.agentJar().getAbsolutePath();
            status = Files.createTempFile("mcp-monitor-attach-", ".status");
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                vm.loadAgent(jar, AgentMain.STATUS_MARKER + status + "\n" + options);
            } finally {
                vm.detach();
            }
            return report(pid, options, Files.readString(status, StandardCharsets.UTF_8).strip(), out, err);
        } catch (Exception | LinkageError e) {
            err.println("mcp-monitor: cannot attach to process " + pid + ": " + e);
            return 1;
        } finally {
            deleteQuietly(status);
        }
    }

    private static int report(String pid, String options, String status, PrintStream out, PrintStream err) {
        int space = status.indexOf(' ');
        String word = space < 0 ? status : status.substring(0, space);
        String sentence = space < 0 ? "" : status.substring(space + 1);
        switch (word) {
            case "started" -> {
                out.println("mcp-monitor agent attached to process " + pid + (options.isEmpty() ? "" : " with " + options)
                        + ": " + sentence.replaceFirst("^agent started: ", ""));
                return 0;
            }
            case "switched" -> {
                out.println("mcp-monitor agent " + sentence.replaceFirst("^already attached", "already attached to process " + pid));
                return 0;
            }
            case "disabled" -> {
                out.println("mcp-monitor agent not started in process " + pid + ": " + sentence);
                return 0;
            }
            case "already" -> {
                err.println("mcp-monitor: the agent is already attached to process " + pid + ", " + sentence);
                return 1;
            }
            case "" -> {
                err.println("mcp-monitor: the agent loaded into process " + pid + " did not say whether it started "
                        + "(an older agent jar?); look at that process's stderr");
                return 1;
            }
            default -> {
                err.println("mcp-monitor: attach to process " + pid + " failed: " + sentence);
                return 1;
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left in the temp directory is harmless
            }
        }
    }
}
