package io.mcpmonitor.core.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One incident while it is being tracked: abnormal minutes of one series (or one server's process)
 * in one {@link Metric.Family}, folded together. Mutable; guarded by the owning
 * {@link DetectorBank}'s lock. {@link #toAnomaly} gives its immutable public form.
 */
final class Incident {
    final String id;
    final String server;
    final String tool;
    final Metric.Family family;
    final long onsetMillis;
    final String method;
    long lastSeenMillis;
    boolean resolved;
    int normalMinutes;
    Severity severity;
    Signal latest;
    final Set<Metric> metrics = EnumSet.noneOf(Metric.class);
    final Set<String> outcomes = new LinkedHashSet<>();
    List<String> recommendations = List.of();
    String scope;
    List<String> alsoAffected = List.of();
    /** Recommendations and scope need recomputing (the incident changed since they were made). */
    boolean stale = true;
    /** Changed since last written to the anomaly log. */
    boolean unsaved = true;

    Incident(String server, String tool, Metric.Family family, String method, Signal first) {
        this.server = server;
        this.tool = tool;
        this.family = family;
        this.method = method;
        this.onsetMillis = first.minuteMillis();
        this.id = idOf(server, tool, family, onsetMillis);
        this.severity = first.severity();
        this.scope = tool == null ? "server" : "this_tool";
        absorb(first, first.severity());
    }

    /** Stable id: the same incident gets the same id in every run, after restarts and in every sidecar. */
    static String idOf(String server, String tool, Metric.Family family, long onsetMillis) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = server + '\u0000' + (tool == null ? "" : tool) + '\u0000' + family + '\u0000' + onsetMillis;
            return "an-" + HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Writes the incident whole (its id follows from what is written). */
    void writeState(StateOut out) {
        out.str(server).str(tool).i32(family.ordinal()).i64(onsetMillis).str(method);
        writeSignal(out, latest);
        out.i64(lastSeenMillis).bool(resolved).i32(normalMinutes).i32(severity.ordinal()).i32(metrics.size());
        metrics.forEach(m -> out.i32(m.ordinal()));
        writeStrings(out, outcomes);
        writeStrings(out, recommendations);
        out.str(scope);
        writeStrings(out, alsoAffected);
        out.bool(stale).bool(unsaved);
    }

    /** Reads an incident written by {@link #writeState}. */
    static Incident readState(StateIn in) {
        String server = in.str();
        String tool = in.str();
        Metric.Family family = pick(Metric.Family.values(), in.i32());
        long onset = in.i64();
        String method = in.str();
        Signal latest = readSignal(in);
        if (server == null || method == null || latest.minuteMillis() < onset) {
            throw new StateIn.Damaged("incident of " + server + "/" + tool);
        }
        Incident i = new Incident(server, tool, family, method, new Signal(latest.metric(), onset, latest.value(),
                latest.expected(), latest.low(), latest.high(), latest.deviation(), latest.confidence(), latest.calls(),
                latest.direction(), latest.opens(), latest.continues(), latest.severity(), latest.outcome()));
        i.latest = latest;
        i.lastSeenMillis = in.i64();
        i.resolved = in.bool();
        i.normalMinutes = in.i32();
        i.severity = pick(Severity.values(), in.i32());
        i.metrics.clear();
        for (int n = in.count(Metric.values().length); n > 0; n--) {
            i.metrics.add(pick(Metric.values(), in.i32()));
        }
        i.outcomes.clear();
        i.outcomes.addAll(readStrings(in));
        i.recommendations = readStrings(in);
        i.scope = in.str();
        i.alsoAffected = readStrings(in);
        i.stale = in.bool();
        i.unsaved = in.bool();
        return i;
    }

    private static void writeSignal(StateOut out, Signal s) {
        out.i32(s.metric().ordinal()).i64(s.minuteMillis()).f64(s.value()).f64(s.expected()).f64(s.low()).f64(s.high())
                .f64(s.deviation()).f64(s.confidence()).i64(s.calls()).i32(s.direction()).bool(s.opens())
                .bool(s.continues()).i32(s.severity().ordinal()).str(s.outcome());
    }

    private static Signal readSignal(StateIn in) {
        return new Signal(pick(Metric.values(), in.i32()), in.i64(), in.f64(), in.f64(), in.f64(), in.f64(), in.f64(),
                in.f64(), in.i64(), in.i32(), in.bool(), in.bool(), pick(Severity.values(), in.i32()), in.str());
    }

    private static void writeStrings(StateOut out, java.util.Collection<String> strings) {
        out.i32(strings.size());
        strings.forEach(out::str);
    }

    private static List<String> readStrings(StateIn in) {
        int n = in.count(1 << 16);
        List<String> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(in.str());
        }
        return List.copyOf(out);
    }

    private static <E> E pick(E[] values, int ordinal) {
        if (ordinal < 0 || ordinal >= values.length) {
            throw new StateIn.Damaged("no constant " + ordinal + " among " + values.length);
        }
        return values[ordinal];
    }

    /** Adds an abnormal minute: the signal that describes it, and the highest severity of its signals. */
    void absorb(Signal worst, Severity minuteSeverity) {
        lastSeenMillis = Math.max(lastSeenMillis, worst.minuteMillis());
        latest = worst;
        severity = severity.max(worst.severity()).max(minuteSeverity);
        metrics.add(worst.metric());
        if (worst.outcome() != null) {
            outcomes.add(worst.outcome());
        }
        normalMinutes = 0;
        resolved = false;
        stale = true;
        unsaved = true;
    }

    /** Counts a normal minute; true when that resolves the incident. */
    boolean normal() {
        if (resolved) {
            return false;
        }
        if (++normalMinutes >= Gates.CLOSE_AFTER_MINUTES) {
            resolved = true;
            unsaved = true;
            return true;
        }
        return false;
    }

    int durationMinutes() {
        return (int) ((lastSeenMillis - onsetMillis) / 60_000L) + 1;
    }

    AnomalyType type() {
        return switch (family) {
            case LATENCY -> durationMinutes() >= 10 ? AnomalyType.LATENCY_SHIFT : AnomalyType.RESPONSE_TIME_SPIKE;
            case ERRORS -> AnomalyType.ERROR_RATE_SPIKE;
            case TRAFFIC_DROP -> AnomalyType.THROUGHPUT_DROP;
            case TRAFFIC_SURGE -> AnomalyType.THROUGHPUT_SURGE;
            case CPU, HEAP -> AnomalyType.RESOURCE_SPIKE;
        };
    }

    Anomaly toAnomaly(boolean provisional) {
        Signal s = latest;
        double change = s.expected() > 0 ? 100 * (s.value() / s.expected() - 1) : Double.NaN;
        AnomalyDetails details = new AnomalyDetails(s.metric().wireName, s.metric().unit, round(s.value()),
                round(s.expected()), List.of(round(s.low()), round(s.high())), round(s.deviation()), round(change),
                round(s.confidence()), method, s.calls(), new ArrayList<>(outcomes), scope, alsoAffected);
        return new Anomaly(id, Instant.ofEpochMilli(onsetMillis), Instant.ofEpochMilli(lastSeenMillis), server, tool,
                type(), severity, resolved ? Anomaly.RESOLVED : Anomaly.ONGOING, provisional, describe(), details,
                recommendations);
    }

    String seriesName() {
        return tool == null ? server : server + "/" + tool;
    }

    private String describe() {
        Signal s = latest;
        String what = tool == null ? s.metric().label + " of " + server + "'s process" : s.metric().label + " of " + seriesName();
        String range = fmt(s.low()) + "–" + fmt(s.high()) + " " + s.metric().unit;
        return switch (family) {
            case LATENCY -> String.format(Locale.ROOT, "%s rose to %s ms (expected %s, %.1fx)", what, fmt(s.value()), range,
                    s.value() / Math.max(s.expected(), 1e-9));
            case ERRORS -> String.format(Locale.ROOT, "%s rose to %s %% of %d calls (usually %s %%)%s", what, fmt(s.value()),
                    s.calls(), fmt(s.expected()), outcomes.isEmpty() ? "" : ", mostly " + String.join(", ", outcomes));
            case TRAFFIC_DROP -> String.format(Locale.ROOT, "%s fell to %s (expected about %s)", what, fmt(s.value()),
                    fmt(s.expected()));
            case TRAFFIC_SURGE -> String.format(Locale.ROOT, "%s rose to %s (expected about %s)", what, fmt(s.value()),
                    fmt(s.expected()));
            case CPU, HEAP -> String.format(Locale.ROOT, "%s rose to %s %% (expected %s)", what, fmt(s.value()), range);
        };
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return "?";
        }
        double a = Math.abs(v);
        return a >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : a >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static double round(double v) {
        if (!Double.isFinite(v)) {
            return v;
        }
        return Math.round(v * 1000.0) / 1000.0;
    }
}
