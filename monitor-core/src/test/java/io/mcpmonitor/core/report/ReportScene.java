package io.mcpmonitor.core.report;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertPolicy;
import io.mcpmonitor.core.detect.Anomaly;
import io.mcpmonitor.core.detect.AnomalyDetails;
import io.mcpmonitor.core.detect.AnomalyType;
import io.mcpmonitor.core.detect.Severity;
import io.mcpmonitor.core.query.MetricsQueries;
import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Store;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A store with a known workload written through the real recording API ({@link Monitor#recordAt}),
 * alerts fired by the real alert engine, and anomalies as background detection would store them:
 * <ul>
 *   <li>{@code weather/forecast}: 10 calls a minute around 20 ms, 2 % {@code tool_error "city not found"};
 *       the previous period and a week earlier around 10 ms;</li>
 *   <li>{@code weather/radar}: 1 call a minute around 900 ms;</li>
 *   <li>a server named {@link #EVIL_SERVER} with a tool named {@link #EVIL_TOOL}: 5 calls a minute
 *       around 800 ms, 30 % exceptions with {@link #EVIL_MESSAGE}.</li>
 * </ul>
 * The report range is {@link #START} to {@link #END} (2 hours).
 */
final class ReportScene {
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    static final Instant END = START.plus(Duration.ofHours(2));
    static final Instant NOW = END.plus(Duration.ofMinutes(5));
    static final long MINUTE = 60_000L;
    static final String EVIL_SERVER = "<script>alert(1)</script>";
    static final String EVIL_TOOL = "\"><img src=x onerror=alert(1)>";
    static final String EVIL_MESSAGE = "<b onmouseover=alert(2)>boom</b> | `rm -rf` [x](javascript:alert(3))\nsecond line";
    /** The group the store keeps {@link #EVIL_MESSAGE} under (its numbers masked), as every error table shows it. */
    static final String EVIL_MESSAGE_GROUP = io.mcpmonitor.core.store.ErrorPattern.of(EVIL_MESSAGE);

    final Path dir;
    final StoreReader reader;
    final AlertEngine alerts;

    ReportScene(Path dir) throws Exception {
        this.dir = dir;
        SplittableRandom random = new SplittableRandom(3);
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).writerId("scene").build()) {
            long start = START.toEpochMilli();
            long end = END.toEpochMilli();
            calls(m, random, start - 7 * 86_400_000L, end - 7 * 86_400_000L, "weather", "forecast", 10, 10, 0, null);
            calls(m, random, start - (end - start), start, "weather", "forecast", 10, 10, 0, null);
            calls(m, random, start, end, "weather", "forecast", 10, 20, 0.02, "city not found");
            calls(m, random, start, end, "weather", "radar", 1, 900, 0, null);
            calls(m, random, start, end, EVIL_SERVER, EVIL_TOOL, 5, 800, 0.3, EVIL_MESSAGE);
        }
        reader = new StoreReader(Store.open(dir));
        reader.refresh();
        alerts = AlertEngine.open(dir, AlertPolicy.DEFAULT);
        long t = START.toEpochMilli() + 30 * MINUTE;
        alerts.evaluate(reader, t);
        alerts.evaluate(reader, t + 61_000);
    }

    private static void calls(Monitor m, SplittableRandom r, long from, long to, String server, String tool, int perMinute,
                              double medianMs, double errorRate, String message) {
        for (long minute = from; minute < to; minute += MINUTE) {
            for (int i = 0; i < perMinute; i++) {
                long nanos = (long) (medianMs * 1e6 * Math.exp(0.2 * r.nextGaussian()));
                boolean fail = r.nextDouble() < errorRate;
                Outcome o = fail ? (message.equals(EVIL_MESSAGE) ? Outcome.EXCEPTION : Outcome.TOOL_ERROR) : Outcome.SUCCESS;
                m.recordAt(minute + i * (MINUTE / perMinute), server, tool, nanos, o,
                        fail ? (o == Outcome.EXCEPTION ? "java.lang.IllegalStateException" : "tool_error") : null,
                        fail ? message : null);
            }
        }
    }

    MetricsQueries queries() {
        return new MetricsQueries(reader);
    }

    /** An anomaly of the evil series, as the anomaly log would hold it. */
    static Anomaly evilAnomaly() {
        AnomalyDetails d = new AnomalyDetails("latency_p95", "ms", 900, 100, List.of(50.0, 150.0), 8, 800, 0.99, "auto",
                5, List.of(), "this_tool", List.of());
        return new Anomaly("a-1", START.plus(Duration.ofMinutes(20)), START.plus(Duration.ofMinutes(40)), EVIL_SERVER,
                EVIL_TOOL, AnomalyType.RESPONSE_TIME_SPIKE, Severity.CRITICAL, Anomaly.RESOLVED, false,
                "p95 of " + EVIL_TOOL + " rose: " + EVIL_MESSAGE, d, List.of("Look at " + EVIL_MESSAGE));
    }

    static Anomaly infoAnomaly() {
        AnomalyDetails d = new AnomalyDetails("calls_per_minute", "calls/min", 20, 10, List.of(5.0, 15.0), 3, 100, 0.8,
                "auto", 20, List.of(), "this_tool", List.of());
        return new Anomaly("a-2", START.plus(Duration.ofMinutes(50)), START.plus(Duration.ofMinutes(55)), "weather",
                "forecast", AnomalyType.THROUGHPUT_SURGE, Severity.INFO, Anomaly.RESOLVED, false, "more calls", d, List.of());
    }

    Report report(boolean recommendations) {
        return report(null, recommendations);
    }

    Report report(String server, boolean recommendations) {
        AnomalySource anomalies = (s, e, srv, now) -> List.of(infoAnomaly(), evilAnomaly()).stream()
                .filter(a -> srv == null || srv.equals(a.mcpServer())).toList();
        return new ReportBuilder(queries(), anomalies, AlertSource.of(alerts))
                .build(new ReportRequest(START, END, server, recommendations), NOW);
    }
}
