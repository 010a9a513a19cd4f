package io.mcpmonitor.agent.tooling;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transformer the agent registers at premain: it lets the {@link ClassFilter} reject almost every class
 * at once, and hands the few candidates to the {@link Weaver}, which is built on a background thread while
 * the host starts (see {@link AgentStarter}). A candidate arriving before the weaver is ready waits for it,
 * at most {@value #MAX_WAIT_SECONDS} s. Logs what it instrumented (to a log file) and counts failures.
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
    private volatile Weaver weaver;

    FilteringTransformer(ClassFilter filter, AgentLog log) {
        this.filter = filter;
        this.log = log;
    }

    /** Publishes the weaver; null means instrumentation is off (initialisation failed). */
    void ready(Weaver w) {
        weaver = w;
        ready.countDown();
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
            Weaver w = weaver;
            long startNanos = System.nanoTime();
            byte[] result = w == null ? null : w.weave(loader, className, classFile);
            if (result != null) {
                woven.incrementAndGet();
                log.info("instrumented " + className.replace('/', '.') + (classBeingRedefined != null
                        ? " (retransformed)" : "") + " in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
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
}
