package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.agent.bootstrap.Bridge;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.WriterIds;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Starts the agent once the bridge is on the bootstrap class path (see {@link AgentInstaller}).
 *
 * <p>At premain it does only the cheap part on the JVM's main thread: register a {@link FilteringTransformer}.
 * The rest (monitor-core's {@link Monitor}, the {@link Weaver} and its Byte Buddy advice) is built on one daemon thread,
 * {@code mcp-monitor-init}, while the host starts; the first SDK class to load waits for it. On dynamic attach
 * everything runs at once, then the already loaded SDK classes are retransformed, which also instruments
 * servers built before the attach (the advice sits in the handler's body).
 */
final class AgentStarter {

    private AgentStarter() {
    }

    // guarded by AgentStarter.class: the options the agent runs with, once started
    private static AgentOptions running;

    /**
     * Starts the agent; the bridge is on the bootstrap class path already. Called once per JVM. Returns
     * the start-up line on attach, where it runs at once (a failure to start is thrown); at premain, where
     * nobody reads the result, a fixed sentence: the start-up line resolves the store directory through
     * monitor-core's {@code Store}, whose class initialisation builds a Jackson mapper (hundreds of classes),
     * and that must not run on the host's main thread before its {@code main} (the init thread logs the line).
     */
    static synchronized String start(AgentOptions options, Instrumentation instrumentation, boolean attached,
                                     Path agentJar) {
        running = options;
        AgentLog log = AgentLog.open(options.log());
        FilteringTransformer transformer = new FilteringTransformer(new ClassFilter(options.include()), log);
        instrumentation.addTransformer(transformer, true);
        if (attached) {
            Throwable failure = initialise(options, log, transformer, instrumentation, null);
            if (failure != null) {
                throw new IllegalStateException("agent not started: " + failure, failure);
            }
            retransformLoaded(instrumentation, new ClassFilter(options.include()), log);
        } else {
            Thread init = new Thread(() -> {
                Weaver weaver = initialise(options, log, transformer, instrumentation, agentJar) == null
                        ? transformer.weaver() : null;
                if (weaver != null) {
                    weaveAhead(weaver, log);
                }
            }, "mcp-monitor-init");
            init.setDaemon(true);
            init.start();
            return "agent starting; its start-up line follows in the agent's log";
        }
        return options.startupLine();
    }

    /**
     * A later attach to a JVM that runs the agent: only the recording switch changes. Asked for other
     * options ({@code given}: the keys the attach named), it changes nothing and says which run ({@code already ...}); else {@code switched ...}.
     */
    static synchronized String reconfigure(AgentOptions options, java.util.Set<String> given) {
        List<String> other = running == null ? List.of() : options.differencesFrom(running, given);
        if (!other.isEmpty()) {
            return "already running with " + running.describe() + "; " + String.join(" ", other)
                    + " needs a restart of the process, only enabled=true|false changes while it runs";
        }
        Bridge.setEnabled(options.enabled());
        return "switched already attached; recording " + (options.enabled() ? "on" : "off");
    }

    /**
     * Null when the agent started, else why not (the host runs unmonitored; logged). With {@code agentJar} (at
     * premain) classes are woven through the {@link WeaveCache}; when it holds every SDK class this host loads at
     * start-up ({@link Weaver#START_UP_CLASSES}) and no {@code include=} pattern asks for others, the weaver is
     * not built now, only if a class misses the cache.
     */
    private static Throwable initialise(AgentOptions options, AgentLog log, FilteringTransformer transformer,
                                        Instrumentation instrumentation, Path agentJar) {
        Weaver weaver = null;
        WeaveCache cache = null;
        Callable<Weaver> later = null;
        try {
            String writerId = WriterIds.forThisProcess(ServerNames.hostName());
            Path store = Store.resolveDirectory(options.store());
            // The monitor opens the store at its first flush, not here: opening it loads the JSON library.
            Monitor monitor = Monitor.builder()
                    .flushInterval(options.flush())
                    .diagnostics(message -> log.warn(message.startsWith("mcp-monitor: ")
                            ? message.substring("mcp-monitor: ".length()) : message))
                    .writerId(writerId)
                    .storeDirectory(store)
                    .build();
            MonitorSink sink = new MonitorSink(monitor, log,
                    new DeploymentRecorder(store, options.environment(), log));
            Bridge.configure(sink, options.server(), ServerNames.fallback());
            Bridge.setCallTimeout(options.timeout().toNanos());
            InFlightPublisher inFlight = new InFlightPublisher(store, writerId,
                    options.flush(), log);
            inFlight.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                inFlight.stop();
                shutdown(sink, transformer, log);
            }, "mcp-monitor-shutdown"));
            ReactorHelper helper = transformer.reactorHelper();
            cache = agentJar == null ? null : WeaveCache.open(options.cache(), agentJar, options.include().toString(), log);
            if (cache != null && options.include().isEmpty()
                    && holdsStartUpClasses(cache, ClassLoader.getSystemClassLoader(), helper, log)) {
                later = () -> new Weaver(options.include(), log, helper);
                log.info("the weave cache " + cache.directory() + " holds this host's SDK classes as woven before: "
                        + "the weaver is not built");
            } else {
                weaver = new Weaver(options.include(), log, helper);
            }
            Bridge.setEnabled(true);
            log.notice(options.startupLine());
            return null;
        } catch (Throwable t) {
            Bridge.setEnabled(false);
            weaver = null;
            cache = null;
            later = null;
            instrumentation.removeTransformer(transformer);
            log.warn("agent not started, the application runs unmonitored: " + t);
            return t;
        } finally {
            transformer.ready(weaver, cache, later);
        }
    }

    /**
     * Whether {@code cache} holds the woven form of every class of {@link Weaver#START_UP_CLASSES} that the class
     * path of {@code loader} has (at least one): the bytes read here are those the loader will define. A class
     * path that cannot be read answers false (the weaver is built, as without a cache), never fails the agent.
     */
    private static boolean holdsStartUpClasses(WeaveCache cache, ClassLoader loader, ReactorHelper helper,
                                               AgentLog log) {
        boolean found = false;
        try {
            for (String internalName : Weaver.START_UP_CLASSES) {
                byte[] classFile = Weaver.classFile(loader, internalName);
                if (classFile == null) {
                    continue;
                }
                found = true;
                boolean helperDefined = FilteringTransformer.isServerClass(internalName) && helper.injectFor(loader);
                if (!cache.holds(internalName, classFile, helperDefined)) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.info("weave cache not consulted ahead (" + e + "); the weaver is built");
            return false;
        }
        return found;
    }

    /**
     * At premain, once the weaver is published: weaves the SDK's server class ahead from the application class
     * path ({@link Weaver#prepare}), or, when it is not there (a nested-jar loader, say), weaves a stand-in
     * ({@link Weaver#warmUp}); either way the weaving code is loaded and has run once on this thread, not first
     * on the host's thread that loads an SDK class. A host class arriving meanwhile is woven at once, not held.
     */
    private static void weaveAhead(Weaver weaver, AgentLog log) {
        try {
            if (!weaver.prepare(ClassLoader.getSystemClassLoader())) {
                weaver.warmUp();
            }
        } catch (Throwable t) {
            log.info("could not weave ahead (classes are woven as they load): " + t);
        }
    }

    private static void retransformLoaded(Instrumentation instrumentation, ClassFilter filter, AgentLog log) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (instrumentation.isModifiableClass(c) && filter.matches(c)) {
                candidates.add(c);
            }
        }
        for (Class<?> c : candidates) {
            try {
                instrumentation.retransformClasses(c);
            } catch (Throwable t) {
                log.warnOnce("retransform:" + c.getName(), "cannot instrument loaded class " + c.getName() + ": " + t);
            }
        }
        log.info("attached; retransformed " + candidates.size() + " loaded classes");
    }

    private static void shutdown(MonitorSink sink, FilteringTransformer transformer, AgentLog log) {
        if (sink.deployments() != null) {
            sink.deployments().drain(2_000);
        }
        try {
            sink.monitor().close();
        } catch (Throwable t) {
            log.warn("final flush failed: " + t);
        }
        if (sink.internalErrors() > 0 || transformer.failures() > 0) {
            log.warn("at exit: " + sink.internalErrors() + " internal errors suppressed, " + transformer.failures()
                    + " classes could not be instrumented");
        }
    }
}
