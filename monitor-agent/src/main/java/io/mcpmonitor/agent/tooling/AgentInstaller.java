package io.mcpmonitor.agent.tooling;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The agent's entry point inside its isolated class loader, called by {@code AgentMain}. It parses the options
 * and, unless {@code enabled=false}, puts the agent jar on the bootstrap class path (so the advice, inlined
 * into the host's classes, finds the bridge from any class loader) and starts the agent.
 *
 * <p>This class refers to no bootstrap type, so it can be loaded before the jar is appended; everything that
 * does lives in {@link AgentStarter}. Attaching to a JVM that already runs the agent only switches recording
 * on or off. Bad options throw {@link IllegalArgumentException}, which AgentMain prints (the host runs
 * unmonitored). Thread-safe: installation is serialised.
 */
public final class AgentInstaller {

    // guarded by AgentInstaller.class
    private static boolean started;

    private AgentInstaller() {
    }

    public static synchronized void install(String arguments, Instrumentation instrumentation, boolean attached,
                                            JarFile agentJar) throws IOException {
        AgentOptions options = AgentOptions.parse(arguments, System.getenv());
        if (started) {
            agentJar.close();
            AgentStarter.reconfigure(options);
            return;
        }
        if (!options.enabled()) {
            agentJar.close();
            return;
        }
        instrumentation.appendToBootstrapClassLoaderSearch(agentJar);
        started = true;
        AgentStarter.start(options, instrumentation, attached);
    }
}
