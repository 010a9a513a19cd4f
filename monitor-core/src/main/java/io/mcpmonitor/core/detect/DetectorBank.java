package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.store.DenseCounts;
import io.mcpmonitor.core.store.Resolution;
import io.mcpmonitor.core.store.SeriesKey;
import io.mcpmonitor.core.store.StoreIndex;
import io.mcpmonitor.core.store.StoreReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The detection state of one (method, sensitivity): a {@link SeriesWatch} per series, a
 * {@link ServerWatch} per server, and the incidents they found (kept in memory for a week).
 * {@link #catchUp} feeds every closed minute once, so a request only pays for the minutes that
 * arrived since the previous one.
 *
 * <p>Thread-safe: one fair lock guards everything, taken per series (never for a whole pass), so
 * a tool call and the background run interleave instead of waiting for each other. Lock order:
 * this lock, then the reader's read lock.
 */
final class DetectorBank {
    private static final long MINUTE = Resolution.MINUTE.millis();
    /** Series without minute data for this long are forgotten (their minute data is gone too). */
    private static final long FORGET_AFTER_MILLIS = 26 * 3_600_000L;
    /** Incidents kept in memory after they were last seen. */
    private static final long KEEP_INCIDENTS_MILLIS = 7 * 86_400_000L;

    final DetectionMethod method;
    final Sensitivity sensitivity;
    // transient marks what is not learned state (not checkpointed, not compared by the checkpoint's tests)
    private final transient ReentrantLock lock = new ReentrantLock(true);
    // guarded by lock
    private final Map<SeriesKey, SeriesWatch> series = new HashMap<>();
    private final Map<String, ServerWatch> servers = new HashMap<>();
    private final Map<String, Incident> incidents = new LinkedHashMap<>();
    private final transient DenseCounts scratch = new DenseCounts();
    private long analysedSince = Long.MAX_VALUE;
    private long resourcesUntil = Long.MIN_VALUE;
    transient volatile long lastUsedMillis;

    DetectorBank(DetectionMethod method, Sensitivity sensitivity) {
        this.method = method;
        this.sensitivity = sensitivity;
    }

    /**
     * Writes everything this bank learned ({@code auto} only), in pieces to be written one after the
     * other, without holding up the requests: the lock is taken for one series at a time (the
     * series' state and the incidents of that series, which its trackers may follow, copied
     * together), then once for the servers and the other incidents; nothing large is copied under
     * it. A request that feeds a series between two copies is not lost: each series carries the
     * first minute it has not learned, and the next process goes on from there.
     */
    State writeState() {
        if (method != DetectionMethod.AUTO) {
            throw new UnsupportedOperationException("only auto detection is checkpointed");
        }
        List<SeriesKey> keys;
        lock.lock();
        try {
            keys = new ArrayList<>(series.keySet());
        } finally {
            lock.unlock();
        }
        keys.sort(null);
        List<byte[]> pieces = new ArrayList<>(keys.size() + 2);
        pieces.add(null); // the head, written last
        Set<String> written = new HashSet<>();
        StateOut copy = new StateOut(false);
        StateOut one = new StateOut();
        long[] held = new long[keys.size() + 1];
        int holds = 0;
        for (SeriesKey k : keys) {
            copy.reset();
            lock.lock();
            long locked = System.nanoTime();
            try {
                SeriesWatch w = series.get(k);
                if (w == null) {
                    continue; // forgotten since the list was taken
                }
                List<Incident> own = new ArrayList<>();
                for (Incident i : incidents.values()) {
                    if (k.server().equals(i.server) && k.tool().equals(i.tool)) {
                        own.add(i);
                    }
                }
                copy.i32(own.size());
                for (Incident i : own) {
                    i.writeState(copy);
                    written.add(i.id);
                }
                w.writeState(copy);
            } finally {
                held[holds++] = System.nanoTime() - locked;
                lock.unlock();
            }
            // the quick copy read back into a watch of our own, which then writes its smaller form unlocked
            StateIn in = new StateIn(copy.buffer());
            Map<String, Incident> own = incidentsIn(in);
            SeriesWatch snapshot = new SeriesWatch(k, method, sensitivity);
            snapshot.readState(in, own);
            one.reset();
            one.str(k.server()).str(k.tool()).str(k.method()).i32(own.size());
            own.values().forEach(i -> i.writeState(one));
            snapshot.writeState(one);
            byte[] piece = one.toByteArray();
            pieces.add(ByteBuffer.allocate(4).putInt(piece.length).array()); // so a reader can read the series in parallel
            pieces.add(piece);
        }
        StateOut head = new StateOut();
        one.reset();
        lock.lock();
        long locked = System.nanoTime();
        try {
            head.i64(analysedSince).i64(resourcesUntil).i32((pieces.size() - 1) / 2);
            List<Incident> rest = incidents.values().stream().filter(i -> !written.contains(i.id)).toList();
            one.i32(rest.size());
            rest.forEach(i -> i.writeState(one));
            one.i32(servers.size());
            servers.forEach((name, w) -> {
                one.str(name);
                w.writeState(one);
            });
        } finally {
            held[holds++] = System.nanoTime() - locked;
            lock.unlock();
        }
        pieces.set(0, head.toByteArray());
        pieces.add(one.toByteArray());
        Arrays.sort(held, 0, holds);
        return new State(pieces, held[holds / 2], held[holds - 1]);
    }

    /** What {@link #writeState} wrote, in pieces, and the median and longest time it held the lock at once (ns). */
    record State(List<byte[]> pieces, long medianLockNanos, long longestLockNanos) {
    }

    /** Restores what {@link #writeState} wrote into this new bank of the same method and sensitivity. */
    void readState(StateIn in) {
        lock.lock();
        try {
            analysedSince = in.i64();
            resourcesUntil = in.i64();
            List<StateIn> pieces = new ArrayList<>();
            for (int n = in.count(Integer.MAX_VALUE); n > 0; n--) {
                pieces.add(in.piece());
            }
            // the series are independent of each other: read on every core (most of a process's start from a checkpoint)
            List<Restored> restored = pieces.parallelStream().map(this::readSeries).toList();
            for (Restored r : restored) {
                incidents.putAll(r.incidents());
                if (series.put(r.watch().key, r.watch()) != null) {
                    throw new StateIn.Damaged("series " + r.watch().key + " twice");
                }
            }
            readIncidents(in);
            for (int n = in.count(Integer.MAX_VALUE); n > 0; n--) {
                String name = in.str();
                if (name == null) {
                    throw new StateIn.Damaged("a server without a name");
                }
                ServerWatch w = new ServerWatch(name, method, sensitivity);
                w.readState(in, incidents);
                servers.put(name, w);
            }
            if (!in.atEnd()) {
                throw new StateIn.Damaged("bytes after the last server");
            }
        } finally {
            lock.unlock();
        }
    }

    private record Restored(SeriesWatch watch, Map<String, Incident> incidents) {
    }

    /** A series' incidents as its state lists them, by id, in their order. */
    private static Map<String, Incident> incidentsIn(StateIn in) {
        Map<String, Incident> own = new LinkedHashMap<>();
        for (int n = in.count(Integer.MAX_VALUE); n > 0; n--) {
            Incident i = Incident.readState(in);
            own.put(i.id, i);
        }
        return own;
    }

    private Restored readSeries(StateIn in) {
        SeriesKey key = readKey(in);
        Map<String, Incident> own = incidentsIn(in);
        SeriesWatch w = new SeriesWatch(key, method, sensitivity);
        w.readState(in, own);
        if (!in.atEnd()) {
            throw new StateIn.Damaged("bytes after series " + key);
        }
        return new Restored(w, own);
    }

    private void readIncidents(StateIn in) {
        incidents.putAll(incidentsIn(in));
    }

    private static SeriesKey readKey(StateIn in) {
        String server = in.str();
        String tool = in.str();
        String m = in.str();
        try {
            return new SeriesKey(server, tool, m);
        } catch (RuntimeException e) {
            throw new StateIn.Damaged("series key " + server + "/" + tool + ": " + e.getMessage());
        }
    }

    /** Feeds every closed minute (before {@code closedUntil}) of the matching series, and resources; returns series analysed. */
    int catchUp(StoreReader reader, Predicate<SeriesKey> seriesFilter, long closedUntil) {
        return catchUp(reader, seriesFilter, closedUntil, () -> { });
    }

    /** As {@link #catchUp(StoreReader, Predicate, long)}, running {@code beforeEachSeries} (outside the lock) before each series. */
    int catchUp(StoreReader reader, Predicate<SeriesKey> seriesFilter, long closedUntil, Runnable beforeEachSeries) {
        Map<SeriesKey, long[]> learned = new HashMap<>();
        lock.lock();
        try {
            series.forEach((k, w) -> learned.put(k, new long[] {w.nextMinute, w.history.lastMinute()}));
        } finally {
            lock.unlock();
        }
        List<SeriesKey> keys = reader.read(ix -> {
            List<SeriesKey> out = new ArrayList<>();
            boolean bounds = ix.minuteBoundsKnown();
            for (StoreIndex.Series s : ix.series()) {
                if (seriesFilter.test(s.key()) && live(s, bounds, learned.get(s.key()), closedUntil - FORGET_AFTER_MILLIS)) {
                    out.add(s.key());
                }
            }
            out.sort(null);
            return out;
        });
        for (SeriesKey key : keys) {
            beforeEachSeries.run();
            lock.lock();
            try {
                catchUp(reader, key, closedUntil);
            } finally {
                lock.unlock();
            }
        }
        lock.lock();
        try {
            catchUpResources(reader, closedUntil);
            explainStale(reader);
            forget(closedUntil);
        } finally {
            lock.unlock();
        }
        return keys.size();
    }

    /**
     * Whether the series had a minute with calls at or after {@code since}. The store's minute bounds
     * answer that, but on a store whose closed hours were consolidated they are known only once every
     * hour's minute lines are loaded; a series already watched answers it from what it learned (its
     * history) and the minutes after that, which loads only the hours since it was last fed.
     */
    private static boolean live(StoreIndex.Series s, boolean bounds, long[] learned, long since) {
        if (bounds) {
            return StoreMinutes.lastMinute(s) >= since;
        }
        if (learned != null && learned[0] != Long.MIN_VALUE) {
            return learned[1] >= since || !s.minutes(learned[0], Long.MAX_VALUE).isEmpty();
        }
        // nothing learned of it: only a series with no data of any resolution since then is surely not live
        return s.lastSeenMillis() > since && StoreMinutes.lastMinute(s) >= since;
    }

    private void catchUp(StoreReader reader, SeriesKey key, long closedUntil) {
        SeriesWatch watch = series.computeIfAbsent(key, k -> new SeriesWatch(k, method, sensitivity));
        List<MinutePoint> points = reader.read(ix -> {
            StoreIndex.Series s = ix.series(key);
            if (s == null) {
                return List.<MinutePoint>of();
            }
            long from = watch.nextMinute;
            if (from == Long.MIN_VALUE || ix.minuteBoundsKnown()) {
                long first = StoreMinutes.firstMinute(s);
                watch.history.forgetBefore(first); // what the store no longer holds is no longer judged
                from = from != Long.MIN_VALUE ? from : first;
            }
            // else a watched series goes on from where it stopped; its history is trimmed to what the store
            // holds at a pass that knows the store's first minute without loading every hour for it
            return from >= closedUntil ? List.<MinutePoint>of() : StoreMinutes.read(s, from, closedUntil, scratch);
        });
        if (!points.isEmpty()) {
            analysedSince = Math.min(analysedSince, points.get(0).minuteMillis());
        }
        for (MinutePoint p : points) {
            for (Incident inc : watch.observe(p)) {
                incidents.put(inc.id, inc);
            }
        }
    }

    /** Feeds the process resources of every server (cheap, and they must stay in minute order). */
    private void catchUpResources(StoreReader reader, long closedUntil) {
        long from = resourcesUntil == Long.MIN_VALUE ? closedUntil - FORGET_AFTER_MILLIS : resourcesUntil;
        if (from >= closedUntil) {
            return;
        }
        Map<String, TreeMap<Long, double[]>> byServer = reader.read(
                ix -> StoreMinutes.resources(ix.processes(), from, closedUntil, s -> true));
        for (Map.Entry<String, TreeMap<Long, double[]>> e : byServer.entrySet()) {
            ServerWatch w = servers.computeIfAbsent(e.getKey(), k -> new ServerWatch(k, method, sensitivity));
            for (Map.Entry<Long, double[]> m : e.getValue().entrySet()) {
                if (m.getKey() >= w.nextMinute) {
                    for (Incident inc : w.observe(m.getKey(), m.getValue()[0], m.getValue()[1])) {
                        incidents.put(inc.id, inc);
                    }
                }
            }
        }
        resourcesUntil = closedUntil;
    }

    private void explainStale(StoreReader reader) {
        List<Incident> stale = incidents.values().stream().filter(i -> i.stale).toList();
        if (stale.isEmpty()) {
            return;
        }
        reader.read(ix -> {
            Explainer explainer = new Explainer(ix, incidents.values(), series.keySet());
            stale.forEach(explainer::explain);
            return null;
        });
    }

    private void forget(long now) {
        series.entrySet().removeIf(e -> e.getValue().nextMinute != Long.MIN_VALUE
                && e.getValue().nextMinute < now - FORGET_AFTER_MILLIS);
        incidents.values().removeIf(i -> i.resolved && i.lastSeenMillis < now - KEEP_INCIDENTS_MILLIS);
    }

    /** The incidents of matching series that were going on at some point of {@code [from, to)}, as anomalies. */
    List<Anomaly> anomalies(DetectionRequest request, long from, long to) {
        lock.lock();
        try {
            List<Incident> in = new ArrayList<>();
            for (Incident i : incidents.values()) {
                boolean matches = request.server() == null || request.server().equals(i.server);
                if (matches && i.onsetMillis < to && i.lastSeenMillis + MINUTE > from) {
                    in.add(i);
                }
            }
            List<Anomaly> out = new ArrayList<>();
            for (Anomaly a : ServerWideTraffic.anomalies(in, false)) {
                if (a.toolName() == null ? request.tool() == null || a.details().alsoAffected().contains(request.tool())
                        : request.matches(a.mcpServer(), a.toolName())) {
                    out.add(a);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Anomalies seen only in minutes that are not over yet ({@code [closedUntil, nowMillis]}) for
     * the matching series: scored without learning, explained, not kept.
     */
    List<Anomaly> provisional(StoreReader reader, Predicate<SeriesKey> filter, long closedUntil, long nowMillis) {
        long lastMinute = Resolution.MINUTE.floor(nowMillis);
        List<Anomaly> out = new ArrayList<>();
        lock.lock();
        try {
            reader.read(ix -> {
                List<Incident> found = new ArrayList<>();
                for (SeriesWatch w : series.values()) {
                    StoreIndex.Series s = ix.series(w.key);
                    if (!filter.test(w.key) || s == null || w.nextMinute == Long.MIN_VALUE) {
                        continue;
                    }
                    Map<Metric.Family, Incident> byFamily = new LinkedHashMap<>();
                    for (MinutePoint p : StoreMinutes.read(s, Math.max(closedUntil, w.nextMinute), lastMinute + MINUTE, scratch)) {
                        for (Signal sig : w.peek(p)) {
                            Incident inc = byFamily.get(sig.metric().family);
                            if (inc == null) {
                                byFamily.put(sig.metric().family,
                                        new Incident(w.key.server(), w.key.tool(), sig.metric().family, method.wireName(), sig));
                            } else if (sig.severity().compareTo(inc.latest.severity()) > 0) {
                                inc.absorb(sig, sig.severity());
                            }
                        }
                    }
                    found.addAll(byFamily.values());
                }
                if (!found.isEmpty()) {
                    List<Incident> all = new ArrayList<>(incidents.values());
                    all.addAll(found);
                    Explainer explainer = new Explainer(ix, all, series.keySet());
                    found.forEach(explainer::explain);
                    out.addAll(ServerWideTraffic.anomalies(found, true));
                }
                return null;
            });
        } finally {
            lock.unlock();
        }
        return out;
    }

    /**
     * The standing problems ({@link StandingProblems}) of the watched series matching
     * {@code request} over {@code [from, to)}, judged against {@code rules}: the closed minutes from
     * each series' history, the minutes not over yet from the store.
     */
    List<Anomaly> standing(StoreReader reader, DetectionRequest request, long from, long to,
                           Collection<AlertRule> rules) {
        List<Anomaly> out = new ArrayList<>();
        lock.lock();
        try {
            reader.read(ix -> {
                for (SeriesWatch w : series.values()) {
                    StoreIndex.Series s = ix.series(w.key);
                    if (s != null && w.nextMinute != Long.MIN_VALUE && request.matches(w.key.server(), w.key.tool())) {
                        StandingProblems.find(s, w.history, w.nextMinute, request, from, to, rules, scratch, out);
                    }
                }
                return null;
            });
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** Incidents changed since last taken, as anomalies to store; marks them stored. */
    List<Anomaly> takeUnsaved() {
        lock.lock();
        try {
            // a server-wide traffic anomaly is stored whole whenever one of its tools changed
            Set<String> servers = new HashSet<>();
            incidents.values().stream().filter(i -> i.unsaved).forEach(i -> servers.add(i.server));
            List<Incident> in = incidents.values().stream().filter(i -> servers.contains(i.server)).toList();
            Set<String> changedIds = new HashSet<>();
            in.stream().filter(i -> i.unsaved).forEach(i -> changedIds.add(i.id));
            List<Anomaly> out = new ArrayList<>();
            for (Anomaly a : ServerWideTraffic.anomalies(in, false)) {
                if (changedIds.contains(a.id()) || (a.toolName() == null && in.stream().anyMatch(i -> i.unsaved
                        && i.tool != null && a.details().alsoAffected().contains(i.tool) && i.server.equals(a.mcpServer())
                        && (i.family == Metric.Family.TRAFFIC_DROP || i.family == Metric.Family.TRAFFIC_SURGE)))) {
                    out.add(a);
                }
            }
            in.forEach(i -> i.unsaved = false);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the incidents of these anomalies unsaved again (their write failed). */
    void markUnsaved(List<Anomaly> anomalies) {
        lock.lock();
        try {
            for (Anomaly a : anomalies) {
                Incident i = incidents.get(a.id());
                if (i != null) {
                    i.unsaved = true;
                } else {
                    // a server-wide anomaly: its tools' incidents
                    incidents.values().stream().filter(x -> x.server.equals(a.mcpServer()) && x.tool != null
                            && a.details().alsoAffected().contains(x.tool)).forEach(x -> x.unsaved = true);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Earliest minute analysed, or Long.MAX_VALUE. */
    long analysedSince() {
        lock.lock();
        try {
            return analysedSince;
        } finally {
            lock.unlock();
        }
    }

    /** Ids of the incidents in memory. */
    Set<String> incidentIds() {
        lock.lock();
        try {
            return new HashSet<>(incidents.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Series with detection state among those matching {@code filter}. */
    int seriesWatched(Predicate<SeriesKey> filter) {
        lock.lock();
        try {
            return (int) series.keySet().stream().filter(filter).count();
        } finally {
            lock.unlock();
        }
    }
}
