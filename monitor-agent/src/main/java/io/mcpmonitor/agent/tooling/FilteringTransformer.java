package io.mcpmonitor.agent.tooling;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transformer the agent registers at premain: it lets the {@link ClassFilter} reject almost every class
 * at once, and hands the few candidates to the {@link Weaver}, which is built on a background thread while
 * the host starts (see {@link AgentStarter}). A candidate arriving before the weaver is ready waits for it,
 * at most {@value #MAX_WAIT_SECONDS} s. With a {@link WeaveCache}, a class file woven at an earlier start is
 * taken from it as it is; when the init thread found every class a host loads at start-up there, the weaver is
 * built only when a class misses (on the thread loading that class). Logs what it instrumented (to a log
 * file) and counts failures.
 *
 * <p>Thread-safe. Never throws: a failure leaves the class unchanged (returns null), as glowroot's weaving
 * transformer does, and is logged once per class.
 */
final class FilteringTransformer implements ClassFileTransformer {

    static final long MAX_WAIT_SECONDS = 30;

    private final ClassFilter filter;
    private final AgentLog log;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicLong woven = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ReactorHelper reactorHelper;
    private volatile Weaver weaver;
    private volatile WeaveCache cache;
    // guarded by this: builds the weaver on the first class the cache misses; null once used or when none is deferred
    private Callable<Weaver> deferred;

    FilteringTransformer(ClassFilter filter, AgentLog log) {
        this.filter = filter;
        this.log = log;
        this.reactorHelper = new ReactorHelper(log);
    }

    /**
     * Publishes how classes are woven: from {@code cache} (may be null) when it holds the class, else by {@code w},
     * or, when {@code w} is null and {@code later} is not, by the weaver {@code later} builds on first need. Both
     * null: instrumentation is off.
     */
    void ready(Weaver w, WeaveCache cache, Callable<Weaver> later) {
        synchronized (this) {
            deferred = w == null ? later : null;
        }
        this.cache = cache;
        weaver = w;
        ready.countDown();
    }

    /** What defines the Reactor helper for this transformer's weaving and cache keys. */
    ReactorHelper reactorHelper() {
        return reactorHelper;
    }

    /** The published weaver, null before {@link #ready} or when instrumentation is off. */
    Weaver weaver() {
        return weaver;
    }

    long failures() {
        return failed.get();
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        try {
            if (className == null || !filter.matches(className, classFile)) {
                return null;
            }
            if (!ready.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warnOnce("init-timeout", "agent initialisation took over " + MAX_WAIT_SECONDS
                        + " s; " + className + " left uninstrumented");
                return null;
            }
            long startNanos = System.nanoTime();
            // Retransformation (attach) always weaves: it runs once per process, and never at a host's start.
            WeaveCache c = classBeingRedefined == null ? cache : null;
            boolean helper = false;
            if (c != null) {
                helper = loader != null && isServerClass(className) && reactorHelper.injectFor(loader);
                byte[] kept = c.get(className, classFile, helper);
                if (kept != null) {
                    woven.incrementAndGet();
                    log.info("instrumented " + className.replace('/', '.') + " in "
                            + (System.nanoTime() - startNanos) / 1_000_000 + " ms (as woven at an earlier start)");
                    return kept;
                }
            }
            Weaver w = weaverNow();
            byte[] result = w == null ? null : w.weave(loader, className, classFile);
            if (result != null) {
                woven.incrementAndGet();
                log.info("instrumented " + className.replace('/', '.') + (classBeingRedefined != null
                        ? " (retransformed)" : "") + " in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
                if (c != null) {
                    c.put(className, classFile, helper, result);
                }
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Throwable t) {
            failed.incrementAndGet();
            log.warnOnce("transform:" + className, "cannot instrument " + className
                    + " (left unchanged, calls through it are not timed): " + t);
            return null;
        }
    }

    /** The weaver, built now if it was deferred; null when instrumentation is off. */
    private Weaver weaverNow() {
        Weaver w = weaver;
        if (w != null) {
            return w;
        }
        synchronized (this) {
            if (weaver == null && deferred != null) {
                Callable<Weaver> build = deferred;
                deferred = null;
                long startNanos = System.nanoTime();
                try {
                    weaver = build.call();
                    log.info("weaver built on first need (a class not in the weave cache) in "
                            + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
                } catch (Throwable t) {
                    log.warn("cannot build the weaver; only classes in the weave cache are instrumented: " + t);
                }
            }
            return weaver;
        }
    }

    /** The SDK server classes whose tools/call weaving depends on whether the Reactor helper is defined. */
    static boolean isServerClass(String internalName) {
        return internalName.equals(SERVER) || internalName.equals(STATELESS_SERVER);
    }

    private static final String SERVER = ClassFilter.MCP_ASYNC_SERVER.replace('.', '/');
    private static final String STATELESS_SERVER = ClassFilter.MCP_STATELESS_ASYNC_SERVER.replace('.', '/');
}
