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
import io.mcpmonitor.mcp.alert.AlertLoop;
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
        Store store = Store.open(dir);
        Monitor ingest = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ofSeconds(10))
                .diagnostics(LOG::warn).build();
        StoreReader reader = new StoreReader(store);
        Sidecar s = new Sidecar(dir, ingest, reader, AlertEngine.open(dir, policy), Clock.SYSTEM);
        s.runInBackground(StoreMaintenance.start(store, Retention.DEFAULT, LOG::warn));
        s.runInBackground(BackgroundDetection.start(AnomalyDetection.shared(reader), LOG::warn));
        s.runInBackground(new AlertLoop(reader, s.alerts, s.clock, n -> {
            LOG.info("alert notification: {}", n.title());
            notifications.accept(n);
        }).start());
        return s;
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
        List<AutoCloseable> all = new ArrayList<>(background);
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
