package io.mcpmonitor.agent.tooling;

import io.mcpmonitor.core.deploy.Deployment;
import io.mcpmonitor.core.deploy.DeploymentLog;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Records a deployment in the store when a server announces a {@code serverInfo.version} other than
 * the one last recorded for it (in this agent's environment), dated at this JVM's start: the moment the
 * new version began serving.
 *
 * <p>Thread-safe. {@link #serverSeen} only queues: the store is read and written on one daemon thread,
 * {@code mcp-monitor-deployments}, started on first use and ending when idle, {@value #DELAY_MILLIS} ms after
 * the announcement. A server announces its version in its first {@code initialize}, while it starts, and
 * recording loads the JSON library (hundreds of classes) and reads the log: done at once it competes for the
 * CPU with the host answering its first requests. At exit ({@link #drain}) what is still queued is recorded
 * then. A failure never reaches the host: the recording is retried every {@value #RETRY_SECONDS} s for an
 * hour. It is logged at INFO only — an unwritable store is already the one warning the store writer gives.
 */
final class DeploymentRecorder {

    private final Path store;
    private final String environment;
    private final AgentLog log;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    static final long RETRY_SECONDS = 30;
    static final int MAX_ATTEMPTS = 120;
    static final long DELAY_MILLIS = 2_000;
    // (server, version) pairs announced and not yet tried; taken by whichever run of recordQueued comes first
    private final Queue<Announced> queued = new ConcurrentLinkedQueue<>();

    private final ScheduledThreadPoolExecutor worker;

    DeploymentRecorder(Path store, String environment, AgentLog log) {
        this.store = store;
        this.environment = environment;
        this.log = log;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mcp-monitor-deployments");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
        pool.setKeepAliveTime(10, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = pool;
    }

    void serverSeen(String server, String version) {
        if (version == null || version.isBlank() || !seen.add(server + '\0' + version)) {
            return;
        }
        queued.add(new Announced(server, version));
        worker.schedule(this::recordQueued, DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void recordQueued() {
        for (Announced next = queued.poll(); next != null; next = queued.poll()) {
            record(next.server(), next.version(), 1);
        }
    }

    private record Announced(String server, String version) {
    }

    private void record(String server, String version, int attempt) {
        try {
            Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
            Optional<Deployment> d = new DeploymentLog(store).recordIfVersionChanged(server, version, environment, started,
                    "agent");
            d.ifPresent(x -> log.info("recorded deployment " + x.id() + ": " + server + " " + version + " ("
                    + environment + ")" + (x.previousVersion().isEmpty() ? "" : ", after " + x.previousVersion())));
        } catch (Exception | LinkageError e) {
            log.info("could not record the deployment of " + server + " " + version + " (attempt " + attempt
                    + ", the host is unaffected): " + e);
            if (attempt < MAX_ATTEMPTS && !worker.isShutdown()) {
                worker.schedule(() -> record(server, version, attempt + 1), RETRY_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    /** At exit: records what is queued now, waiting a little for it (retries still due are dropped). */
    void drain(long millis) {
        if (!queued.isEmpty()) {
            worker.execute(this::recordQueued);
        }
        worker.shutdown();
        try {
            worker.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
