package io.mcpmonitor.mcp.server;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.detect.AnomalyDetection;
import io.mcpmonitor.core.detect.BackgroundDetection;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.record.Clock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.store.Retention;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreMaintenance;
import io.mcpmonitor.core.store.StoreReader;
import io.mcpmonitor.core.deploy.JudgingPolicy;
import io.mcpmonitor.mcp.alert.AlertLoop;
import io.mcpmonitor.mcp.deploy.DeploymentJudgeLoop;
import io.mcpmonitor.mcp.notify.AnomalyNoticeLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running sidecar holds open over one store: the monitor that ingests reported calls, the
 * reader every tool shares, the store maintenance, the alert engine and its evaluation loop, and
 * any other background work a capability adds ({@link #runInBackground}). Closing it stops them
 * all, newest first, and flushes what was ingested.
 *
 * <p>The heavy background work — loading the minute lines, compaction, the detectors' learning, the
 * anomaly notices — waits until {@link #firstAnswerSent()} (or {@link #MAX_DEFER}): a client that just
 * started the sidecar is waiting for the answer to its first real request, and on two cores that work
 * would delay it.
 */
public final class Sidecar implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);

    private final Path storeDirectory;
    private final Monitor ingest;
    private final StoreReader reader;
    private final AlertEngine alerts;
    private final Clock clock;
    private final List<AutoCloseable> background = Collections.synchronizedList(new ArrayList<>());

    private Sidecar(Path storeDirectory, Monitor ingest, StoreReader reader, AlertEngine alerts, Clock clock) {
        this.storeDirectory = storeDirectory;
        this.ingest = ingest;
        this.reader = reader;
        this.alerts = alerts;
        this.clock = clock;
    }

    /**
     * Opens the store at {@code dir} and starts the background work; alert notifications go to
     * {@code notifications} (logged to stderr as well).
     */
    public static Sidecar open(Path dir, AlertPolicy policy, Consumer<Notification> notifications) throws IOException {
        return open(dir, policy, JudgingPolicy.DEFAULT, notifications);
    }

    /** As {@link #open(Path, AlertPolicy, Consumer)}, judging deployments by {@code judging}. */
    public static Sidecar open(Path dir, AlertPolicy policy, JudgingPolicy judging, Consumer<Notification> notifications)
            throws IOException {
        return open(dir, policy, judging, AnomalyNoticeLoop.DEFAULT_INTERVAL, notifications);
    }

    /**
     * As {@link #open(Path, AlertPolicy, JudgingPolicy, Consumer)}, looking for anomalies to notify every
     * {@code anomalyCheckEvery}.
     *
     * @throws IllegalArgumentException if {@code anomalyCheckEvery} is shorter than
     *                                  {@link AnomalyNoticeLoop#MIN_INTERVAL} (before anything is opened)
     */
    public static Sidecar open(Path dir, AlertPolicy policy, JudgingPolicy judging, Duration anomalyCheckEvery,
                               Consumer<Notification> notifications) throws IOException {
        AnomalyNoticeLoop.requireValidInterval(anomalyCheckEvery);
        Store store = Store.open(dir);
        store.notes().forEach(note -> LOG.warn("store: {}", note));
        Monitor ingest = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ofSeconds(10))
                .diagnostics(LOG::warn).build();
        StoreReader reader = new StoreReader(store);
        AnomalyDetection.shared(reader).diagnostics(LOG::info); // where its checkpoint's one-line notes go
        AlertEngine alertEngine = AlertEngine.open(dir, policy);
        if (!alertEngine.stateNote().isEmpty()) {
            LOG.warn("alerts: {}", alertEngine.stateNote());
        }
        Sidecar s = new Sidecar(dir, ingest, reader, alertEngine, Clock.SYSTEM);
        s.runInBackground(new AlertLoop(reader, s.alerts, s.clock, n -> {
            LOG.info("alert notification: {}", n.title());
            notifications.accept(n);
        }).start());
        s.runInBackground(new DeploymentJudgeLoop(dir, reader, s.alerts, judging, s.clock, notifications).start());
        // Compaction and the detectors' learning are the heavy background work: they start once the
        // first answer has gone out (a client waits for it), or after MAX_DEFER if none ever does.
        // Minute lines known so far only through their hour summaries are loaded once the first answer is out,
        // so later questions about minutes do not wait for them (and a summarised file that does not read
        // back as its summary says is found and read from its minute lines).
        s.deferred.add(() -> loadMinutesInBackground(reader));
        s.deferred.add(() -> StoreMaintenance.start(store, Retention.DEFAULT, reader, LOG::warn));
        s.deferred.add(() -> BackgroundDetection.start(AnomalyDetection.shared(reader), LOG::warn));
        s.deferred.add(() -> anomalyNotices(dir, reader, s.clock, notifications, s.alerts, anomalyCheckEvery));
        Thread starter = new Thread(s::startDeferred, "mcp-monitor-deferred-start");
        starter.setDaemon(true);
        starter.start();
        return s;
    }

    private static AutoCloseable loadMinutesInBackground(StoreReader reader) {
        Thread t = new Thread(() -> {
            try {
                reader.refresh();
                reader.loadAllMinutes();
            } catch (RuntimeException e) {
                LOG.warn("loading the minute data: {}", e.toString());
            }
        }, "mcp-monitor-load-minutes");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t::interrupt;
    }

    private static AutoCloseable anomalyNotices(Path dir, StoreReader reader, Clock clock, Consumer<Notification> sink,
                                                AlertEngine alerts, Duration every) {
        try {
            return AnomalyNoticeLoop.start(dir, AnomalyDetection.shared(reader), clock, sink, alerts, every);
        } catch (IOException e) {
            LOG.warn("anomaly notifications are off: {}", e.toString());
            return () -> { };
        }
    }

    /** How long the heavy background work waits for the first answer before it starts anyway. */
    static final Duration MAX_DEFER = Duration.ofSeconds(10);

    private final List<java.util.function.Supplier<AutoCloseable>> deferred = new ArrayList<>();
    private final java.util.concurrent.CountDownLatch firstAnswer = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean closed;

    /**
     * Says that the first answer a client waited for has been sent (over stdio: the first answer to a
     * tool call, resource read or prompt, not to {@code initialize}): the heavy background work may start.
     * Idempotent; any thread.
     */
    public void firstAnswerSent() {
        firstAnswer.countDown();
    }

    private void startDeferred() {
        boolean answered;
        try {
            answered = firstAnswer.await(MAX_DEFER.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (background) {
            if (closed) {
                return;
            }
            LOG.info(answered ? "background work starts: the first answer is out"
                    : "background work starts: no answer within {}", MAX_DEFER);
            for (java.util.function.Supplier<AutoCloseable> start : deferred) {
                background.add(start.get());
            }
        }
    }

    /** Registers background work to stop when the sidecar closes. */
    public void runInBackground(AutoCloseable work) {
        background.add(work);
    }

    public ToolContext context() {
        return new ToolContext(reader, ingest, clock, alerts);
    }

    public Path storeDirectory() {
        return storeDirectory;
    }

    public StoreReader reader() {
        return reader;
    }

    public AlertEngine alerts() {
        return alerts;
    }

    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (background) {
            closed = true;
            all = new ArrayList<>(background);
        }
        Collections.reverse(all);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", c, e.toString());
            }
        }
        ingest.close();
    }
}
