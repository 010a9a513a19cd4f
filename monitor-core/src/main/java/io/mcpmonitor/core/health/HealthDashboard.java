package io.mcpmonitor.core.health;

import io.mcpmonitor.core.alert.Alert;
import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.alert.AlertStatus;
import io.mcpmonitor.core.alert.Severity;
import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.Bucket;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.StoreIndex;
import io.mcpmonitor.core.store.StoreReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Java API behind {@code get_performance_dashboard} and the web dashboard: the health of every
 * server that reported in the last {@link #LISTED_FOR} (or has an open alert), over the last
 * {@link #WINDOW}, scored by {@link HealthScore} against the alert rules in force (docs/DASHBOARD.md).
 *
 * <p>Reads minute buckets only (the window is recent). The closed minutes of each series' window are
 * merged once and kept while they hold the same calls ({@link ClosedMinutes}), so a dashboard asked
 * again adds one merged histogram per series plus the minute in progress, and decodes nothing it
 * decoded before; chart minutes are kept likewise. The caller keeps the reader fresh
 * ({@link StoreReader#refresh()}).
 *
 * <p>Thread-safe: {@link #compute} and {@link #timeline} are synchronized, since they reuse three
 * scratch histograms (~110 KB, allocated once) and the caches (about one merged histogram per series).
 *
 * <pre>{@code
 * HealthDashboard health = new HealthDashboard(reader, alertEngine);
 * reader.refresh();
 * Dashboard d = health.compute(System.currentTimeMillis());
 * }</pre>
 */
public final class HealthDashboard {

    /** The window the dashboard looks at, ending now. */
    public static final Duration WINDOW = Duration.ofMinutes(15);
    /** Servers that reported within this long are listed, with data in the window or not. */
    public static final Duration LISTED_FOR = Duration.ofHours(24);

    private final StoreReader reader;
    private final AlertEngine alerts;
    private final DenseCounts tool = new DenseCounts();
    private final DenseCounts server = new DenseCounts();
    private final DenseCounts total = new DenseCounts();
    private final ClosedMinutes closedMinutes = new ClosedMinutes();
    private final Timeline timeline = new Timeline();

    public HealthDashboard(StoreReader reader, AlertEngine alerts) {
        this.reader = reader;
        this.alerts = alerts;
    }

    /** The dashboard at {@code nowMillis} from what the reader holds now and the alerts open now. */
    public synchronized Dashboard compute(long nowMillis) {
        List<AlertRule> rules = alerts.rules();
        List<Alert> open = alerts.alerts(false);
        return reader.query(ix -> compute(ix, rules, open, nowMillis));
    }

    /**
     * Per minute of the last {@code minutes} before {@code nowMillis} (the minute in progress
     * included): calls, percentiles and error rate of {@code serverOrNull}, or of every server when null.
     */
    public synchronized List<TimelinePoint> timeline(String serverOrNull, int minutes, long nowMillis) {
        return reader.query(ix -> timeline.of(ix, serverOrNull, minutes, nowMillis, total));
    }

    private Dashboard compute(StoreIndex ix, List<AlertRule> rules, List<Alert> open, long now) {
        long to = Resolution.MINUTE.floor(now) + Resolution.MINUTE.millis();
        long from = to - WINDOW.toMillis(); // 15 minute buckets, the one in progress included
        long listedAfter = now - LISTED_FOR.toMillis();
        Map<String, List<StoreIndex.Series>> byServer = new TreeMap<>();
        for (StoreIndex.Series s : ix.series()) {
            if (s.lastSeenMillis() > listedAfter) {
                byServer.computeIfAbsent(s.key().server(), k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, List<Alert>> alertsByServer = new TreeMap<>();
        for (Alert a : open) {
            alertsByServer.computeIfAbsent(a.server(), k -> new ArrayList<>()).add(a);
            byServer.computeIfAbsent(a.server(), k -> new ArrayList<>());
        }
        total.reset();
        long[] totalCalls = new long[2];
        List<ServerHealth> servers = new ArrayList<>(byServer.size());
        for (var e : byServer.entrySet()) {
            ServerAssessment a = new ServerAssessment(e.getKey(), rules);
            server.reset();
            for (StoreIndex.Series s : e.getValue()) {
                assessSeries(s, from, to, a);
            }
            total.add(server);
            totalCalls[0] += a.calls;
            totalCalls[1] += a.errors;
            servers.add(a.result(server, alertsByServer.getOrDefault(e.getKey(), List.of()), now));
        }
        closedMinutes.forgetUnused();
        servers.sort(Comparator.comparingInt(ServerHealth::healthScore).thenComparing(ServerHealth::server));
        return new Dashboard(now, from, to, servers, totals(servers, totalCalls, open), system(servers));
    }

    /**
     * Adds the window of one series to the server's histogram and judges it against its limits: its
     * closed minutes from {@link ClosedMinutes}, the minute in progress from the index.
     */
    private void assessSeries(StoreIndex.Series s, long from, long to, ServerAssessment a) {
        a.seen(s.lastSeenMillis());
        if (s.lastSeenMillis() <= from) {
            return;
        }
        tool.reset();
        long[] calls = new long[2];
        long open = to - Resolution.MINUTE.millis();
        closedMinutes.addTo(s, from, open, calls, tool, server);
        Bucket b = ClosedMinutes.minute(s, open);
        if (b != null) {
            calls[0] += b.totalCalls();
            calls[1] += b.totalCalls() - b.count(Outcome.SUCCESS);
            b.histogram().addTo(tool);
            b.histogram().addTo(server);
        }
        if (calls[0] > 0) {
            a.judge(s.key().tool(), calls[0], calls[1], tool);
        }
    }

    private DashboardTotals totals(List<ServerHealth> servers, long[] calls, List<Alert> open) {
        int[] byStatus = new int[HealthStatus.values().length];
        servers.forEach(s -> byStatus[s.status().ordinal()]++);
        int critical = (int) open.stream().filter(a -> a.severity() == Severity.CRITICAL).count();
        boolean none = calls[0] == 0;
        return new DashboardTotals(servers.size(), byStatus[HealthStatus.HEALTHY.ordinal()],
                byStatus[HealthStatus.DEGRADED.ordinal()], byStatus[HealthStatus.CRITICAL.ordinal()], calls[0],
                none ? Double.NaN : ServerAssessment.ms(total.mean()),
                none ? Double.NaN : ServerAssessment.ms(total.valueAtPercentile(95)),
                ServerAssessment.percent(calls[1], calls[0]), open.size(), critical, open.size() - critical);
    }

    private static SystemHealth system(List<ServerHealth> servers) {
        if (servers.isEmpty()) {
            return new SystemHealth(100, 100, HealthStatus.HEALTHY);
        }
        int min = servers.stream().mapToInt(ServerHealth::healthScore).min().orElse(100);
        int mean = (int) Math.floor(servers.stream().mapToInt(ServerHealth::healthScore).average().orElse(100));
        return new SystemHealth(min, mean, HealthStatus.ofScore(min));
    }

    /** Counts of open alerts by severity, acknowledged apart; index 0..3 as {@link HealthScore#alertPenalty}. */
    static int[] alertCounts(List<Alert> open) {
        int[] n = new int[4];
        for (Alert a : open) {
            boolean acked = a.status() == AlertStatus.ACKNOWLEDGED;
            n[(a.severity() == Severity.CRITICAL ? 0 : 1) + (acked ? 2 : 0)]++;
        }
        return n;
    }

    /** The no-data threshold in minutes for {@code server}: its {@code no_data} rule's, or NaN when none is in force. */
    static double noDataMinutes(List<AlertRule> rules, String server) {
        double m = Double.NaN;
        for (Severity sev : Severity.values()) {
            var r = AlertRule.effective(rules, AlertMetric.NO_DATA, sev, server, null);
            if (r.isPresent() && !(r.get().threshold() >= m)) {
                m = r.get().threshold();
            }
        }
        return m;
    }
}
