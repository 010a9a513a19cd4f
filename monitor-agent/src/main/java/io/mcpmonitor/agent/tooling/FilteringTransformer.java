package io.mcpmonitor.agent.tooling;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The transformer the agent registers at premain: it lets the {@link ClassFilter} reject almost every class
 * at once, and hands the few candidates to Byte Buddy's transformer, which is built on a background thread
 * while the host starts (see {@link AgentInstaller}). A candidate arriving before that transformer is ready
 * waits for it, at most {@value #MAX_WAIT_SECONDS} s.
 *
 * <p>Thread-safe. Never throws: a failure leaves the class unchanged (returns null), as glowroot's weaving
 * transformer does, and is logged once per class.
 */
final class FilteringTransformer implements ClassFileTransformer {

    static final long MAX_WAIT_SECONDS = 30;

    private final ClassFilter filter;
    private final AgentLog log;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile ClassFileTransformer delegate;

    FilteringTransformer(ClassFilter filter, AgentLog log) {
        this.filter = filter;
        this.log = log;
    }

    /** Publishes Byte Buddy's transformer; null means instrumentation is off (initialisation failed). */
    void ready(ClassFileTransformer transformer) {
        delegate = transformer;
        ready.countDown();
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
            ClassFileTransformer d = delegate;
            return d == null ? null
                    : d.transform(module, loader, className, classBeingRedefined, protectionDomain, classFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Throwable t) {
            log.warnOnce("transform:" + className, "cannot instrument " + className + " (left unchanged): " + t);
            return null;
        }
    }
}
