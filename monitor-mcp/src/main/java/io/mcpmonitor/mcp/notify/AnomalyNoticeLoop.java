package io.mcpmonitor.mcp.notify;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.detect.Anomaly;
import io.mcpmonitor.core.detect.AnomalyAlerts;
import io.mcpmonitor.core.detect.AnomalyDetection;
import io.mcpmonitor.core.detect.DetectionRequest;
import io.mcpmonitor.core.detect.AnomalyNotifications;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.record.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends detection's incidents to the channels inside {@code serve}: every interval (by default
 * {@link #DEFAULT_INTERVAL}, {@code serve --anomaly-check-every}) it asks the shared detection state for
 * the incidents of the last day (background method and sensitivity, so the same incidents as
 * {@code detect_anomalies} reports by default) and hands what
 * {@link AnomalyNotifications} calls for to the sink, and puts the critical ones into the alert engine
 * ({@link AnomalyAlerts}), whose own loop then opens, notifies and resolves their alerts. One daemon
 * thread, {@code mcp-monitor-anomaly-notices}.
 *
 * <p>Each finished run logs one DEBUG line, {@code anomaly notices: run N ...}, with the number of the run
 * and how many notifications it handed over. A run that sends nothing leaves no other trace, so whoever
 * needs to know that the loop has looked (an operator, a test) turns that logger up to DEBUG.
 */
public final class AnomalyNoticeLoop implements AutoCloseable {

    /** How often the loop looks unless told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    /**
     * The shortest interval accepted: each run is a detection over the last day, which must not take over
     * the sidecar's cores.
     */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyNoticeLoop.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-monitor-anomaly-notices");
        t.setDaemon(true);
        return t;
    });
    private final AnomalyDetection detection;
    private final AnomalyNotifications notices;
    private final Clock clock;
    private final Consumer<Notification> sink;
    private final AlertEngine engine;
    private final AnomalyAlerts alerts;
    private final Duration interval;
    private boolean failing;
    private long runs;

    private AnomalyNoticeLoop(AnomalyDetection detection, AnomalyNotifications notices, Clock clock,
                              Consumer<Notification> sink, AlertEngine engine, Duration interval) {
        this.interval = interval;
        this.detection = detection;
        this.notices = notices;
        this.clock = clock;
        this.sink = sink;
        this.engine = engine;
        this.alerts = new AnomalyAlerts(engine);
    }

    /**
     * Starts the loop over the store at {@code storeRoot}, raising critical anomalies in {@code engine};
     * the first run is one {@code interval} from now, and each next one an {@code interval} after the
     * previous one ended (runs never overlap).
     *
     * @throws IllegalArgumentException if {@code interval} is shorter than {@link #MIN_INTERVAL}
     */
    public static AnomalyNoticeLoop start(Path storeRoot, AnomalyDetection detection, Clock clock,
                                          Consumer<Notification> sink, AlertEngine engine, Duration interval)
            throws IOException {
        requireValidInterval(interval);
        AnomalyNoticeLoop loop = new AnomalyNoticeLoop(detection, AnomalyNotifications.open(storeRoot), clock, sink,
                engine, interval);
        long millis = interval.toMillis();
        loop.scheduler.scheduleWithFixedDelay(loop::tick, millis, millis, TimeUnit.MILLISECONDS);
        return loop;
    }

    /**
     * Returns {@code interval} if the loop accepts it: at least {@link #MIN_INTERVAL}.
     *
     * @throws IllegalArgumentException naming the shortest accepted interval, if it is shorter
     */
    public static Duration requireValidInterval(Duration interval) {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("must be at least " + MIN_INTERVAL.toSeconds() + "s, was "
                    + interval.toMillis() + "ms");
        }
        return interval;
    }

    private void tick() {
        try {
            long now = clock.wallMillis();
            DetectionRequest request = new DetectionRequest(null, null, Duration.ofHours(24),
                    AnomalyDetection.BACKGROUND_SENSITIVITY, AnomalyDetection.BACKGROUND_METHOD);
            // judged against the rules in force, as detect_anomalies does, so both report the same standing problems
            List<Anomaly> anomalies = detection.detectInBackground(request, now, engine.rules()).anomalies();
            alerts.update(anomalies, now);
            List<Notification> due = notices.update(anomalies, now);
            for (Notification n : due) {
                LOG.info("anomaly notification: {}", n.title());
                sink.accept(n);
            }
            failing = false;
            LOG.debug("anomaly notices: run {} looked at {} anomalies, handed {} notifications to the channels",
                    ++runs, anomalies.size(), due.size());
        } catch (Exception e) {
            if (!failing) {
                LOG.warn("sending anomaly notifications failed (retried every {} ms): {}", interval.toMillis(),
                        e.toString());
                failing = true;
            }
            LOG.debug("anomaly notices: run {} failed", ++runs);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
