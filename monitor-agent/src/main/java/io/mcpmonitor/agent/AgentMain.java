package io.mcpmonitor.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
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

    public static void premain(String options, Instrumentation instrumentation) {
        start(options, instrumentation, false);
    }

    public static void agentmain(String options, Instrumentation instrumentation) {
        start(options, instrumentation, true);
    }

    /** {@code java -jar monitor-agent.jar attach <pid> [key=value ...]}. */
    public static void main(String[] args) {
        System.exit(AttachCommand.run(args, System.out, System.err));
    }

    private static synchronized void start(String options, Instrumentation instrumentation, boolean attached) {
        try {
            File jar = agentJar();
            if (agentLoader == null) {
                agentLoader = new AgentClassLoader(new JarFile(jar, false), ClassLoader.getPlatformClassLoader());
            }
            // The installer appends the jar to the bootstrap class path itself, once it knows it will install
            // (not for enabled=false), before anything touches the bridge.
            Class<?> installer = Class.forName(INSTALLER, true, agentLoader);
            installer.getMethod("install", String.class, Instrumentation.class, boolean.class, JarFile.class)
                    .invoke(null, options, instrumentation, attached, new JarFile(jar, false));
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
            System.err.println("[mcp-monitor] ERROR agent not started, the application runs unmonitored: " + cause);
        }
    }

    static File agentJar() throws URISyntaxException {
        return new File(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
