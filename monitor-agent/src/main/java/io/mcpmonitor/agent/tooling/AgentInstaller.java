package io.mcpmonitor.agent.tooling;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * The agent's entry point inside its isolated class loader, called by {@code AgentMain}. It parses the options
 * and, unless {@code enabled=false}, puts the agent jar on the bootstrap class path (so the advice, inlined
 * into the host's classes, finds the bridge from any class loader) and starts the agent.
 *
 * <p>This class refers to no bootstrap type, so it can be loaded before the jar is appended; everything that
 * does lives in {@link AgentStarter}. Attaching to a JVM that already runs the agent only switches recording
 * on or off, and says so when other options were asked for. Bad options throw {@link IllegalArgumentException}, which AgentMain prints (the host runs
 * unmonitored). Thread-safe: installation is serialised.
 */
public final class AgentInstaller {

    // guarded by AgentInstaller.class
    private static boolean started;

    private AgentInstaller() {
    }

    /**
     * Installs the agent and says what happened, as one status word and a sentence: {@code started ...},
     * {@code disabled ...}, {@code switched ...} or {@code already ...} (a later attach whose options
     * other than {@code enabled} differ from those running: nothing changed). A failure to start is
     * thrown.
     */
    public static synchronized String install(String arguments, Instrumentation instrumentation, boolean attached,
                                              JarFile agentJar) throws IOException {
        AgentOptions options = AgentOptions.parse(arguments, System.getenv());
        if (started) {
            agentJar.close();
            return AgentStarter.reconfigure(options, AgentOptions.splitArguments(arguments).keySet());
        }
        if (!options.enabled()) {
            agentJar.close();
            return "disabled enabled=false: the agent is not started";
        }
        instrumentation.appendToBootstrapClassLoaderSearch(agentJar);
        started = true;
        return "started " + AgentStarter.start(options, instrumentation, attached, Path.of(agentJar.getName()));
    }
}
