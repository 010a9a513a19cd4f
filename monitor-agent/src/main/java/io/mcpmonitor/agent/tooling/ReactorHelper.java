package io.mcpmonitor.agent.tooling;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Defines the agent's Reactor helper ({@code reactor.core.publisher.McpMonitorTimedMono}) in the class loader
 * that holds the host's Reactor, through a private lookup on Reactor's {@code Mono} (the host's packages are in
 * unnamed modules, which open them). The helper is compiled against Reactor but shipped in the agent, so it
 * links against whatever Reactor version the host has.
 *
 * <p>Thread-safe; one attempt per Reactor class loader, remembered weakly. When the helper cannot be defined
 * (Reactor on the module path, a security manager, ...) the caller falls back to Reactor's own {@code doOn*}
 * operators, which cost more per call but need no helper.
 */
final class ReactorHelper {

    static final String MONO = "reactor.core.publisher.Mono";
    static final String HELPER = "reactor.core.publisher.McpMonitorTimedMono";
    private static final String[] CLASSES = {HELPER + "$TimedSubscriber", HELPER};

    private final AgentLog log;
    // guarded by itself: Reactor class loader -> whether the helper is usable there
    private final Map<ClassLoader, Boolean> injected = new WeakHashMap<>();

    ReactorHelper(AgentLog log) {
        this.log = log;
    }

    /** Whether the helper is (now) defined where {@code sdkLoader} finds Reactor. */
    boolean injectFor(ClassLoader sdkLoader) {
        Class<?> mono;
        try {
            mono = Class.forName(MONO, false, sdkLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        ClassLoader reactorLoader = mono.getClassLoader();
        if (reactorLoader == null) {
            return false;
        }
        synchronized (injected) {
            Boolean known = injected.get(reactorLoader);
            if (known != null) {
                return known;
            }
            boolean ok = define(mono);
            injected.put(reactorLoader, ok);
            return ok;
        }
    }

    private boolean define(Class<?> mono) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(mono, MethodHandles.lookup());
            for (String name : CLASSES) {
                if (!alreadyDefined(name, mono.getClassLoader())) {
                    lookup.defineClass(bytes(name));
                }
            }
            return true;
        } catch (Throwable t) {
            log.info("Reactor helper not available in " + mono.getClassLoader() + " (" + t
                    + "); using Reactor's doOn* operators");
            return false;
        }
    }

    private static boolean alreadyDefined(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static byte[] bytes(String name) throws IOException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = ReactorHelper.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " missing from the agent");
            }
            return in.readAllBytes();
        }
    }
}
