package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.core.deploy.Deployment;
import io.mcpmonitor.core.deploy.DeploymentLog;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Records a deployment in the store when a server announces a {@code serverInfo.version} other than
 * the one last recorded for it (in this agent's environment), dated at this JVM's start: the moment the
 * new version began serving.
 *
 * <p>Thread-safe. {@link #serverSeen} only queues: the store is read and written on one daemon thread,
 * {@code mcp-monitor-deployments}, started on first use and ending when idle. Failures are logged once
 * and never reach the host.
 */
final class DeploymentRecorder {

    private final Path store;
    private final String environment;
    private final AgentLog log;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker;

    DeploymentRecorder(Path store, String environment, AgentLog log) {
        this.store = store;
        this.environment = environment;
        this.log = log;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "mcp-monitor-deployments");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
        pool.allowCoreThreadTimeOut(true);
        this.worker = pool;
    }

    void serverSeen(String server, String version) {
        if (version == null || version.isBlank() || !seen.add(server + '\0' + version)) {
            return;
        }
        worker.execute(() -> record(server, version));
    }

    private void record(String server, String version) {
        try {
            Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
            Optional<Deployment> d = new DeploymentLog(store).recordIfVersionChanged(server, version, environment, started,
                    "agent");
            d.ifPresent(x -> log.info("recorded deployment " + x.id() + ": " + server + " " + version + " ("
                    + environment + ")" + (x.previousVersion().isEmpty() ? "" : ", after " + x.previousVersion())));
        } catch (Exception | LinkageError e) {
            log.warnOnce("deployments", "could not record the deployment of " + server + " " + version
                    + " (the host is unaffected): " + e);
        }
    }

    /** Waits a little for a queued recording, at exit. */
    void drain(long millis) {
        worker.shutdown();
        try {
            worker.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
