package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.core.record.Monitor;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sizes the structured content of tool results off the host's threads: the host's thread hands over the
 * result's text bytes (already measured) and its structured content; one daemon thread,
 * {@code mcp-monitor-result-size}, adds the content's JSON length ({@link JsonLength}) and records the total as
 * the call's result size. A result is held only until that thread gets to it (at most {@value #CAPACITY}
 * waiting); when the queue is full, the text bytes alone are recorded and {@link #unsized()} counts it, so the
 * host never waits and memory stays bounded.
 *
 * <p>Thread-safe; {@link #offer} never blocks or throws. The thread starts on the first structured result.
 */
final class StructuredSizer {

    static final int CAPACITY = 4096;

    private record Pending(String server, String tool, long textBytes, Object structured) {
    }

    private final Monitor monitor;
    private final AgentLog log;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong unsized = new AtomicLong();
    private volatile Thread worker;

    StructuredSizer(Monitor monitor, AgentLog log) {
        this.monitor = monitor;
        this.log = log;
    }

    void offer(String server, String tool, long textBytes, Object structured) {
        if (worker == null) {
            start();
        }
        if (!queue.offer(new Pending(server, tool, textBytes, structured))) {
            unsized.incrementAndGet();
            monitor.recordResultSize(server, tool, textBytes);
        }
    }

    /** Results whose structured content could not be sized (queue full, or of a type that is not JSON data). */
    long unsized() {
        return unsized.get();
    }

    private synchronized void start() {
        if (worker != null) {
            return;
        }
        Thread t = new Thread(this::run, "mcp-monitor-result-size");
        t.setDaemon(true);
        t.start();
        worker = t;
    }

    private void run() {
        while (true) {
            Pending p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                JsonLength.Length length = JsonLength.of(p.structured());
                if (!length.complete()) {
                    unsized.incrementAndGet();
                    log.warnOnce("structured-size", "a tool result's structured content holds values that are not "
                            + "JSON data; they are left out of its result size");
                }
                monitor.recordResultSize(p.server(), p.tool(), p.textBytes() + length.bytes());
            } catch (RuntimeException e) {
                unsized.incrementAndGet();
                log.warnOnce("structured-size-failed", "could not size a structured result: " + e);
            }
        }
    }
}
