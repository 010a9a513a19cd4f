package io.mcpmonitor.mcp.shared;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the shared sidecar process of an address: the same Java, the same JVM options and the same
 * class path as the session that starts it, running {@code serve --daemon} with the session's options.
 * It runs in a session of its own ({@code setsid}, where there is one), its stdin from /dev/null and its
 * output appended to its log, so it outlives the session that started it and a client stopping that
 * session's process group does not stop it.
 */
@FunctionalInterface
public interface SidecarLaunch {

    /** Starts the process; it may exit at once if another one already serves {@code address}. */
    Process start(SharedAddress address) throws IOException;

    /** Logs over this size are started afresh by the next sidecar. */
    long MAX_LOG_BYTES = 8L << 20;

    /** The launch of {@code serve --daemon serveOptions...} in a JVM like this one. */
    static SidecarLaunch of(List<String> serveOptions) {
        return address -> {
            List<String> cmd = new ArrayList<>();
            Path setsid = Path.of("/usr/bin/setsid");
            if (Files.isExecutable(setsid)) {
                cmd.add(setsid.toString());
            }
            cmd.add(ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(jvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("io.mcpmonitor.mcp.cli.McpMonitorCli");
            cmd.add("serve");
            cmd.add("--daemon");
            cmd.addAll(serveOptions);
            Path log = address.log();
            if (Files.isRegularFile(log) && Files.size(log) > MAX_LOG_BYTES) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".old"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        };
    }

    /**
     * The JVM options a sidecar inherits from the session: all but those that attach something to the
     * process (a debugger, an agent) or write a class-data archive at exit, which belong to the session.
     */
    static List<String> jvmOptions(List<String> session) {
        List<String> kept = new ArrayList<>();
        for (String o : session) {
            if (o.startsWith("-agentlib:") || o.startsWith("-agentpath:") || o.startsWith("-javaagent:")
                    || o.startsWith("-XX:ArchiveClassesAtExit") || o.startsWith("-Xshare:dump")) {
                continue;
            }
            kept.add(o);
        }
        return kept;
    }
}
