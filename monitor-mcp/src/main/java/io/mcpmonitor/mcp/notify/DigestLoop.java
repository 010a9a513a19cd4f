package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.notify.DigestSchedule;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.mcp.server.ToolContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the scheduled digests inside {@code serve}: every {@value #POLL_MILLIS} ms, on one daemon
 * thread ({@code mcp-monitor-digests}), hands the digests {@link DigestRunner} finds due to the sink.
 */
public final class DigestLoop implements AutoCloseable {

    static final long POLL_MILLIS = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(DigestLoop.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-monitor-digests");
        t.setDaemon(true);
        return t;
    });
    private final DigestRunner runner;
    private final ToolContext context;
    private final Consumer<Notification> sink;

    private DigestLoop(ToolContext context, List<DigestSchedule> schedules, Consumer<Notification> sink) {
        this.runner = new DigestRunner(context, schedules);
        this.context = context;
        this.sink = sink;
    }

    /** Starts sending {@code schedules}; with none, starts no thread. */
    public static AutoCloseable start(ToolContext context, List<DigestSchedule> schedules, Consumer<Notification> sink) {
        if (schedules.isEmpty()) {
            return () -> { };
        }
        DigestLoop loop = new DigestLoop(context, schedules, sink);
        loop.scheduler.scheduleWithFixedDelay(loop::tick, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("digests: {}", schedules.stream().map(s -> s.name() + " " + s.every() + " at " + s.at() + " " + s.zone())
                .toList());
        return loop;
    }

    private void tick() {
        try {
            for (Notification n : runner.due(Instant.ofEpochMilli(context.clock().wallMillis()))) {
                LOG.info("digest: {}", n.title());
                sink.accept(n);
            }
        } catch (Exception e) {
            LOG.warn("sending digests failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
