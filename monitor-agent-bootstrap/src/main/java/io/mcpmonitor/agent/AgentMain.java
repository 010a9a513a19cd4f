package io.mcpmonitor.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * The agent's entry points: {@code premain} ({@code -javaagent:monitor-agent.jar[=options]}), {@code agentmain}
 * (dynamic attach) and {@code main} ({@code java -jar monitor-agent.jar attach <pid> [options]}).
 *
 * <p>Premain only hands off, as OpenTelemetry's agent does: it opens the agent's own isolated class loader
 * over {@code inst/} and calls the installer there, which appends the agent jar to the bootstrap class path
 * (making exactly the JDK-only bridge at the jar's root visible to every class loader). It catches every
 * {@link Throwable}, prints one line to stderr and never rethrows: a broken agent leaves the host running,
 * unmonitored. Nothing here writes to stdout, which is the JSON-RPC channel of a stdio MCP server.
 */
public final class AgentMain {

    private static final String INSTALLER = "io.mcpmonitor.agent.tooling.AgentInstaller";

    // guarded by AgentMain.class: the agent's class loader, made once per JVM (premain, then any attach)
    private static ClassLoader agentLoader;

    private AgentMain() {
    }

    /**
     * Options of a dynamic attach may start with this marker, a file path and a newline: the agent then writes
     * what became of the attach to that file (one status word, a space, a sentence), for the attach command
     * to report to whoever ran it.
     */
    static final String STATUS_MARKER = "mcp-monitor-status-file=";

    public static void premain(String options, Instrumentation instrumentation) {
        start(options, instrumentation, false);
    }

    public static void agentmain(String options, Instrumentation instrumentation) {
        String statusFile = null;
        String rest = options;
        if (options != null && options.startsWith(STATUS_MARKER) && options.indexOf('\n') > 0) {
            statusFile = options.substring(STATUS_MARKER.length(), options.indexOf('\n'));
            rest = options.substring(options.indexOf('\n') + 1);
        }
        String status = start(rest, instrumentation, true);
        if (statusFile != null) {
            writeStatus(statusFile, status);
        }
    }

    private static void writeStatus(String file, String status) {
        try {
            Path target = Path.of(file);
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, status, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (Throwable t) {
            System.err.println("[mcp-monitor] WARN cannot tell the attach command the result (" + status + "): " + t);
        }
    }

    /** {@code java -jar monitor-agent.jar attach <pid> [key=value ...]}. */
    public static void main(String[] args) {
        System.exit(AttachCommand.run(args, System.out, System.err));
    }

    /** Starts the agent; returns a status word and a sentence: started, disabled, switched, already or failed. */
    private static synchronized String start(String options, Instrumentation instrumentation, boolean attached) {
        try {
            File jar = agentJar();
            if (agentLoader == null) {
                agentLoader = new AgentClassLoader(new JarFile(jar, false), ClassLoader.getPlatformClassLoader());
            }
            // The installer appends the jar to the bootstrap class path itself, once it knows it will install
            // (not for enabled=false), before anything touches the bridge.
            Class<?> installer = Class.forName(INSTALLER, true, agentLoader);
            return String.valueOf(installer.getMethod("install", String.class, Instrumentation.class, boolean.class,
                    JarFile.class).invoke(null, options, instrumentation, attached, new JarFile(jar, false)));
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            System.err.println("[mcp-monitor] ERROR agent not started, the application runs unmonitored: " + cause);
            return "failed agent not started, the application runs unmonitored: " + cause;
        }
    }

    static File agentJar() throws URISyntaxException {
        return new File(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
