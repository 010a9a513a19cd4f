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
 * Sends detection's incidents to the channels inside {@code serve}: every {@value #POLL_MILLIS} ms it
 * asks the shared detection state for the incidents of the last day (background method and
 * sensitivity, so the same incidents as {@code detect_anomalies} reports by default) and hands what
 * {@link AnomalyNotifications} calls for to the sink, and puts the critical ones into the alert engine
 * ({@link AnomalyAlerts}), whose own loop then opens, notifies and resolves their alerts. One daemon
 * thread, {@code mcp-monitor-anomaly-notices}.
 */
public final class AnomalyNoticeLoop implements AutoCloseable {

    static final long POLL_MILLIS = 15_000;
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
    private boolean failing;

    private AnomalyNoticeLoop(AnomalyDetection detection, AnomalyNotifications notices, Clock clock,
                              Consumer<Notification> sink, AlertEngine engine) {
        this.detection = detection;
        this.notices = notices;
        this.clock = clock;
        this.sink = sink;
        this.engine = engine;
        this.alerts = new AnomalyAlerts(engine);
    }

    /**
     * Starts the loop over the store at {@code storeRoot}, raising critical anomalies in {@code engine};
     * the first run is one poll from now.
     */
    public static AnomalyNoticeLoop start(Path storeRoot, AnomalyDetection detection, Clock clock,
                                          Consumer<Notification> sink, AlertEngine engine) throws IOException {
        AnomalyNoticeLoop loop = new AnomalyNoticeLoop(detection, AnomalyNotifications.open(storeRoot), clock, sink,
                engine);
        loop.scheduler.scheduleWithFixedDelay(loop::tick, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return loop;
    }

    private void tick() {
        try {
            long now = clock.wallMillis();
            DetectionRequest request = new DetectionRequest(null, null, Duration.ofHours(24),
                    AnomalyDetection.BACKGROUND_SENSITIVITY, AnomalyDetection.BACKGROUND_METHOD);
            // judged against the rules in force, as detect_anomalies does, so both report the same standing problems
            List<Anomaly> anomalies = detection.detect(request, now, engine.rules()).anomalies();
            alerts.update(anomalies, now);
            for (Notification n : notices.update(anomalies, now)) {
                LOG.info("anomaly notification: {}", n.title());
                sink.accept(n);
            }
            failing = false;
        } catch (Exception e) {
            if (!failing) {
                LOG.warn("sending anomaly notifications failed (retried every {} s): {}", POLL_MILLIS / 1000, e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
