package io.mcpmonitor.mcp.alert;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.SaveStatus;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.record.Clock;
import io.mcpmonitor.core.store.StoreReader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates alerts inside {@code serve}: polls the store every {@value #POLL_MILLIS} ms and evaluates
 * as soon as new lines arrived (so an alert is raised within seconds of a flush) or a rule, silence or
 * acknowledgement changed, and at least every
 * {@value #MAX_IDLE_MILLIS} ms for what time alone changes (no data, escalation, reminders, digests).
 * One daemon thread, {@code mcp-monitor-alerts}; it never blocks a tool call.
 *
 * <p>Notifications go to the sink whether or not the alert state could be saved. A failed save is
 * retried every poll until it succeeds; the first failure of a streak is logged at WARN, its end at INFO.
 */
public final class AlertLoop implements AutoCloseable {

    static final long POLL_MILLIS = 2_000;
    static final long MAX_IDLE_MILLIS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(AlertLoop.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-monitor-alerts");
        t.setDaemon(true);
        return t;
    });
    private final StoreReader reader;
    private final AlertEngine engine;
    private final Clock clock;
    private final Consumer<Notification> sink;
    private long linesSeen = -1;
    private long revisionSeen = -1;
    private long lastEvaluation;
    private boolean saveFailing;

    public AlertLoop(StoreReader reader, AlertEngine engine, Clock clock, Consumer<Notification> sink) {
        this.reader = reader;
        this.engine = engine;
        this.clock = clock;
        this.sink = sink;
    }

    public AlertLoop start() {
        scheduler.scheduleWithFixedDelay(this::tick, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            engine.retrySave();
            reader.refresh();
            long lines = reader.stats().lines();
            long now = clock.wallMillis();
            long revision = engine.revision();
            if (lines != linesSeen || revision != revisionSeen || now - lastEvaluation >= MAX_IDLE_MILLIS) {
                linesSeen = lines;
                lastEvaluation = now;
                // The revision read before evaluating: a condition raised by another thread while this
                // evaluation ran (or waited for the engine) changes it again, so the next poll evaluates
                // that condition instead of leaving it unseen until new lines or MAX_IDLE_MILLIS.
                revisionSeen = revision;
                // a question in progress goes first (a bounded wait): an evaluation over 300 series takes a core
                reader.yieldToForeground();
                // An evaluation at a given `now` may be stopped and run again (its only effect before it has read
                // the index, the pending periods, is the same each time), so it loads only the minutes it needs:
                // not the whole hour in progress while the client waits for its first answer.
                for (Notification n : reader.query(ix -> engine.evaluate(ix, now))) {
                    sink.accept(n);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("alert evaluation failed: {}", e.toString());
        }
        reportSaves();
    }

    private void reportSaves() {
        SaveStatus s = engine.saveStatus();
        if (!s.saved() && !saveFailing) {
            LOG.warn("{}; notifications still go out, the save is retried every {} ms", s.lastError(), POLL_MILLIS);
        } else if (!s.saved()) {
            LOG.debug("alert state still not saved ({} failed saves): {}", s.failedSaves(), s.lastError());
        } else if (saveFailing) {
            LOG.info("alert state saved again to {}", engine.stateFile());
        }
        saveFailing = !s.saved();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
