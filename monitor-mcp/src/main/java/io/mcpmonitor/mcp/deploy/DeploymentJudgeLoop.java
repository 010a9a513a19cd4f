package io.mcpmonitor.mcp.deploy;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.deploy.DeploymentJudging;
import io.mcpmonitor.core.deploy.DeploymentLog;
import io.mcpmonitor.core.deploy.JudgingPolicy;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.record.Clock;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges deployments inside {@code serve}: runs {@link DeploymentJudging} every {@value #POLL_MILLIS} ms
 * on one daemon thread, {@code mcp-monitor-deployments}, and hands a {@code deployment_regression}
 * notification to the channels. A failed run is logged (once per streak) and retried at the next poll.
 */
public final class DeploymentJudgeLoop implements AutoCloseable {

    static final long POLL_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentJudgeLoop.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-monitor-deployments");
        t.setDaemon(true);
        return t;
    });
    private final DeploymentJudging judging;
    private final Clock clock;
    private final Consumer<Notification> sink;
    private boolean failing;

    public DeploymentJudgeLoop(Path store, StoreReader reader, AlertEngine alerts, JudgingPolicy policy, Clock clock,
                               Consumer<Notification> sink) {
        this.judging = new DeploymentJudging(reader, new DeploymentLog(store), alerts, policy);
        this.clock = clock;
        this.sink = sink;
    }

    public DeploymentJudgeLoop start() {
        scheduler.scheduleWithFixedDelay(this::tick, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            for (Notification n : judging.run(clock.wallMillis())) {
                LOG.info("deployment notification: {}", n.title());
                sink.accept(n);
            }
            if (failing) {
                LOG.info("judging deployments works again");
                failing = false;
            }
        } catch (Exception e) {
            if (!failing) {
                LOG.warn("judging deployments failed (retried every {} s): {}", POLL_MILLIS / 1000, e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
