package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.record.ManualClock;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A store written through a real {@link Monitor} under a manual clock, and an alert engine over it. Public for
 * the tests of the packages built on alerts (the dashboard's health).
 */
public final class AlertScene {

    static final long T0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000;

    public final Path dir;
    public final ManualClock clock;
    public final Monitor writer;
    public final StoreReader reader;
    public AlertEngine engine;

    AlertScene(Path dir) throws Exception {
        this(dir, T0);
    }

    /** The scene in {@code dir}, its clock at {@code startMillis}, default alert policy. */
    public AlertScene(Path dir, long startMillis) throws Exception {
        this.dir = dir;
        this.clock = new ManualClock(Instant.ofEpochMilli(startMillis));
        writer = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).clock(clock).writerId("w").build();
        reader = new StoreReader(Store.open(dir));
        engine = AlertEngine.open(dir, AlertPolicy.DEFAULT);
    }

    /** {@code ok} successful and {@code failed} failed calls of {@code ms} each at {@code at}, flushed. */
    void calls(String server, String tool, int ok, int failed, double ms, long at) {
        for (int i = 0; i < ok + failed; i++) {
            boolean fail = i < failed;
            writer.recordAt(at, server, tool, (long) (ms * 1_000_000), fail ? Outcome.TOOL_ERROR : Outcome.SUCCESS,
                    fail ? "tool_error" : null, fail ? "upstream failed" : null);
        }
        writer.flush();
    }

    List<Notification> at(long now) throws Exception {
        clock.advanceMillis(now - clock.wallMillis());
        return engine.evaluate(reader, now);
    }

    Alert onlyOpenAlert() {
        List<Alert> open = engine.alerts(false);
        if (open.size() != 1) {
            throw new AssertionError("expected one open alert, got " + open);
        }
        return open.get(0);
    }

    static AlertRule rule(String server, String tool, AlertMetric metric, double threshold, Severity severity, Duration pending) {
        return new AlertRule(AlertRule.idFor(server, tool, metric, severity), server, tool, metric, Statistic.P95, threshold,
                severity, Duration.ofMinutes(5), pending, true, AlertRule.DEFAULT_MIN_CALLS, false);
    }
}
