package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.call.Outcome;
import io.mcpmonitor.core.store.SeriesKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything detection keeps for one series (server, tool): a {@link LatencyWatch} per
 * percentile and, for {@code auto}, a {@link PooledLatencyWatch} for minutes with few calls, an {@link ErrorWatch} for all errors and one per outcome class seen, a
 * {@link ThroughputWatch}, an {@link IncidentTracker} per family, and the {@link CallHistory} the
 * standing-problem checks judge. Feed it every closed minute
 * in order with {@link #observe}; {@link #peek} looks at a minute still filling up without
 * learning it.
 *
 * <p>Not thread-safe; guarded by the owning {@link DetectorBank}'s lock. Memory: about 400 KB with
 * {@code auto} on per-minute data (four streaming detectors), much less with the seed methods.
 */
final class SeriesWatch {
    private static final Metric[] PERCENTILES = {Metric.LATENCY_P50, Metric.LATENCY_P95, Metric.LATENCY_P99};

    final SeriesKey key;
    private final DetectionMethod method;
    private final Sensitivity sensitivity;
    private final LatencyWatch[] latency = new LatencyWatch[PERCENTILES.length];
    /** For {@code auto}: the response time of minutes too sparse for the per-minute watches, pooled over time. */
    private final PooledLatencyWatch pooled;
    private final ErrorWatch errors;
    private final ErrorWatch[] byOutcome = new ErrorWatch[Outcome.values().length];
    private final ThroughputWatch traffic;
    private final Map<Metric.Family, IncidentTracker> trackers = new EnumMap<>(Metric.Family.class);
    /** The minutes with calls observed, for the standing-problem checks. */
    final CallHistory history = new CallHistory();
    /** The first minute not yet observed; Long.MIN_VALUE before the first. */
    long nextMinute = Long.MIN_VALUE;

    SeriesWatch(SeriesKey key, DetectionMethod method, Sensitivity sensitivity) {
        this.key = key;
        this.method = method;
        this.sensitivity = sensitivity;
        for (int i = 0; i < PERCENTILES.length; i++) {
            latency[i] = new LatencyWatch(PERCENTILES[i], method, sensitivity);
        }
        pooled = method == DetectionMethod.AUTO ? new PooledLatencyWatch(sensitivity) : null;
        errors = new ErrorWatch(null, method, sensitivity);
        traffic = new ThroughputWatch(method, sensitivity);
        for (Metric.Family f : List.of(Metric.Family.LATENCY, Metric.Family.ERRORS, Metric.Family.TRAFFIC_DROP,
                Metric.Family.TRAFFIC_SURGE)) {
            trackers.put(f, new IncidentTracker(key.server(), key.tool(), f, method.wireName()));
        }
    }

    /** Writes everything this series learned ({@code auto} only; the key and the configuration are not written). */
    void writeState(StateOut out) {
        out.i64(nextMinute);
        history.writeState(out);
        for (LatencyWatch w : latency) {
            w.writeState(out);
        }
        pooled.writeState(out);
        errors.writeState(out);
        for (ErrorWatch w : byOutcome) {
            out.bool(w != null);
            if (w != null) {
                w.writeState(out);
            }
        }
        traffic.writeState(out);
        for (IncidentTracker t : trackers.values()) {
            t.writeState(out);
        }
    }

    /** Restores what {@link #writeState} wrote into a new watch of the same key, method and sensitivity. */
    void readState(StateIn in, Map<String, Incident> known) {
        nextMinute = in.i64();
        history.readState(in);
        for (LatencyWatch w : latency) {
            w.readState(in);
        }
        pooled.readState(in);
        errors.readState(in);
        Outcome[] outcomes = Outcome.values();
        for (int i = 0; i < byOutcome.length; i++) {
            byOutcome[i] = null;
            if (in.bool()) {
                byOutcome[i] = new ErrorWatch(outcomes[i].wireName(), method, sensitivity);
                byOutcome[i].readState(in);
            }
        }
        traffic.readState(in);
        for (IncidentTracker t : trackers.values()) {
            t.readState(in, known);
        }
    }

    /** Learns one closed minute; returns the incidents it opened, extended or resolved. */
    List<Incident> observe(MinutePoint p) {
        nextMinute = p.minuteMillis() + 60_000L;
        history.add(p.minuteMillis(), p.calls(), p.errors(), p.percentile(Metric.LATENCY_P95));
        List<Signal> lat = new ArrayList<>(3);
        for (LatencyWatch w : latency) {
            add(lat, w.observe(p));
        }
        if (pooled != null) {
            add(lat, pooled.observe(p));
        }
        List<Signal> err = new ArrayList<>(2);
        add(err, errors.observe(p.minuteMillis(), p.errors(), p.calls()));
        for (Outcome o : Outcome.values()) {
            long k = p.errorsByOutcome()[o.ordinal()];
            if (o.isError() && (k > 0 || byOutcome[o.ordinal()] != null)) {
                if (byOutcome[o.ordinal()] == null) {
                    byOutcome[o.ordinal()] = new ErrorWatch(o.wireName(), method, sensitivity);
                }
                add(err, byOutcome[o.ordinal()].observe(p.minuteMillis(), k, p.calls()));
            }
        }
        Signal t = traffic.observe(p);
        List<Signal> down = t != null && t.direction() < 0 ? List.of(t) : List.of();
        List<Signal> up = t != null && t.direction() > 0 ? List.of(t) : List.of();
        List<Incident> changed = new ArrayList<>(0);
        add(changed, trackers.get(Metric.Family.LATENCY).minute(p.minuteMillis(), lat));
        Incident e = trackers.get(Metric.Family.ERRORS).minute(p.minuteMillis(), err);
        if (e != null && e.lastSeenMillis == p.minuteMillis()) {
            noteOutcomes(e, p);
        }
        add(changed, e);
        add(changed, trackers.get(Metric.Family.TRAFFIC_DROP).minute(p.minuteMillis(), down));
        add(changed, trackers.get(Metric.Family.TRAFFIC_SURGE).minute(p.minuteMillis(), up));
        return changed;
    }

    /**
     * Looks at a minute that is not over yet (latency and errors only: a partial minute's call
     * count is not comparable) and returns the signals that would open an incident in a family
     * that has none open.
     */
    List<Signal> peek(MinutePoint p) {
        List<Signal> out = new ArrayList<>(0);
        if (trackers.get(Metric.Family.LATENCY).open() == null) {
            for (LatencyWatch w : latency) {
                Signal s = w.peek(p);
                if (s != null && s.opens()) {
                    out.add(s);
                }
            }
        }
        if (trackers.get(Metric.Family.ERRORS).open() == null) {
            Signal s = errors.peek(p.minuteMillis(), p.errors(), p.calls());
            if (s != null && s.opens()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The open incident of a family, or null. */
    Incident open(Metric.Family family) {
        IncidentTracker t = trackers.get(family);
        return t == null ? null : t.open();
    }

    /** The error classes of an abnormal minute, most frequent first. */
    private static void noteOutcomes(Incident e, MinutePoint p) {
        List<Outcome> present = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            if (o.isError() && p.errorsByOutcome()[o.ordinal()] > 0) {
                present.add(o);
            }
        }
        present.sort((a, b) -> Long.compare(p.errorsByOutcome()[b.ordinal()], p.errorsByOutcome()[a.ordinal()]));
        for (Outcome o : present) {
            e.outcomes.add(o.wireName());
        }
    }

    private static <T> void add(List<T> list, T item) {
        if (item != null) {
            list.add(item);
        }
    }
}
