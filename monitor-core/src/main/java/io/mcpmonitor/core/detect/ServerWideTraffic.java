package io.mcpmonitor.core.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns incidents into the anomalies people see, folding a traffic drop or surge that several
 * tools of one server share ({@code scope server_wide}: the server stopped, restarted, or its
 * clients went away) into one anomaly of the server ({@code toolName} null), instead of one per
 * tool for one cause. Latency and error incidents stay per tool, their scope noted.
 *
 * <p>Stateless; called under the owning bank's lock.
 */
final class ServerWideTraffic {
    private static final long MINUTE = 60_000L;

    private ServerWideTraffic() {
    }

    /** The anomalies of {@code incidents}; {@code provisional} marks them all. */
    static List<Anomaly> anomalies(Collection<Incident> incidents, boolean provisional) {
        List<Anomaly> out = new ArrayList<>();
        Map<String, List<Incident>> shared = new LinkedHashMap<>();
        for (Incident i : incidents) {
            boolean traffic = i.family == Metric.Family.TRAFFIC_DROP || i.family == Metric.Family.TRAFFIC_SURGE;
            if (traffic && "server_wide".equals(i.scope)) {
                shared.computeIfAbsent(i.server + '\u0000' + i.family, k -> new ArrayList<>()).add(i);
            } else {
                out.add(i.toAnomaly(provisional));
            }
        }
        for (List<Incident> group : shared.values()) {
            for (List<Incident> cluster : clusters(group)) {
                out.add(merge(cluster, provisional));
            }
        }
        return out;
    }

    /** Incidents of one server and family, split where they do not overlap in time (5 min slack). */
    static List<List<Incident>> clusters(List<Incident> group) {
        List<Incident> sorted = new ArrayList<>(group);
        sorted.sort(Comparator.comparingLong(i -> i.onsetMillis));
        List<List<Incident>> out = new ArrayList<>();
        List<Incident> current = null;
        long end = Long.MIN_VALUE;
        for (Incident i : sorted) {
            if (current == null || i.onsetMillis > end + 5 * MINUTE) {
                current = new ArrayList<>();
                out.add(current);
            }
            current.add(i);
            end = Math.max(end, i.lastSeenMillis);
        }
        return out;
    }

    static Anomaly merge(List<Incident> cluster, boolean provisional) {
        Incident first = cluster.get(0);
        long onset = first.onsetMillis;
        long lastSeen = Long.MIN_VALUE;
        Severity severity = Severity.INFO;
        boolean resolved = true;
        double value = 0;
        double expected = 0;
        double low = 0;
        double high = 0;
        double deviation = 0;
        double confidence = 0;
        long calls = 0;
        TreeSet<String> tools = new TreeSet<>();
        for (Incident i : cluster) {
            lastSeen = Math.max(lastSeen, i.lastSeenMillis);
            severity = severity.max(i.severity);
            resolved &= i.resolved;
            Signal s = i.latest;
            value += s.value();
            expected += s.expected();
            low += s.low();
            high += s.high();
            deviation = Math.abs(s.deviation()) > Math.abs(deviation) ? s.deviation() : deviation;
            confidence = Math.max(confidence, s.confidence());
            calls += s.calls();
            tools.add(i.tool);
        }
        boolean drop = first.family == Metric.Family.TRAFFIC_DROP;
        double change = expected > 0 ? 100 * (value / expected - 1) : Double.NaN;
        AnomalyDetails details = new AnomalyDetails(Metric.CALLS.wireName, Metric.CALLS.unit, Incident.round(value),
                Incident.round(expected), List.of(Incident.round(low), Incident.round(high)), Incident.round(deviation),
                Incident.round(change), Incident.round(confidence), first.method, calls, List.of(), "server_wide",
                List.copyOf(tools));
        String description = String.format(Locale.ROOT, "calls per minute of %s (%d tools: %s) %s to %s (expected about %s)",
                first.server, tools.size(), String.join(", ", tools), drop ? "fell" : "rose", Incident.fmt(value),
                Incident.fmt(expected));
        List<String> recs = new ArrayList<>();
        recs.add(drop
                ? String.format(Locale.ROOT, "%d tools of %s lost their calls at the same time: the server stopped, "
                        + "restarted or became unreachable, or its clients stopped calling; no single tool is the cause.",
                        tools.size(), first.server)
                : String.format(Locale.ROOT, "%d tools of %s got far more calls at the same time: a client is looping "
                        + "or retrying, or a new client arrived; check for retry storms and consider a rate limit.",
                        tools.size(), first.server));
        for (Incident i : cluster) {
            for (String r : i.recommendations) {
                if (r.contains(" started a new process ") || r.startsWith("CPU of ") || r.startsWith("Heap of ")
                        || r.startsWith("Check that ")) {
                    if (!recs.contains(r)) {
                        recs.add(r);
                    }
                }
            }
        }
        return new Anomaly(Incident.idOf(first.server, null, first.family, onset), Instant.ofEpochMilli(onset),
                Instant.ofEpochMilli(lastSeen), first.server, null, first.type(), severity,
                resolved ? Anomaly.RESOLVED : Anomaly.ONGOING, provisional, description, details, recs);
    }
}
