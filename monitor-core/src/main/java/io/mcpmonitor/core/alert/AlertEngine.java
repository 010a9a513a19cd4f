package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.store.StoreIndex;
import io.mcpmonitor.core.store.StoreReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Alert rules and the alert lifecycle over one store: evaluates rules against what the store holds,
 * keeps one alert per problem — a (server, tool, metric) — at its current severity, raises and
 * lowers that severity in place, folds repeats, escalates, reminds and resolves, applies silences
 * and the per-server notification budget, and returns the notifications to send. Problems raised by
 * other sources (the anomaly detector) join the same alerts through {@link #raise}. State lives in
 * {@code <store>/alerts/state.json} and survives restarts; docs/ALERTS.md describes the lifecycle.
 *
 * <p>Saving never stands between a change and its effect: a rule, silence or acknowledgement is in
 * force, and an evaluation's notifications are returned, whether or not the state file could be
 * written. A failed save is kept, reported by {@link #saveStatus()}, and tried again by
 * {@link #retrySave()} and by every later change or evaluation.
 *
 * <p>Thread-safe: every public method is synchronized. Evaluation allocates; it runs on a background
 * thread, never on a recording path.
 */
public final class AlertEngine {

    private final AlertStateFile file;
    private final AlertPolicy policy;
    private final RuleReadings readings = new RuleReadings();
    private final Map<String, AlertRule> rules = new LinkedHashMap<>();
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, Long> pendingSince = new HashMap<>();
    private final Map<String, HeldCondition> conditions = new LinkedHashMap<>();
    private NotificationBudget budget;
    private long sequence;
    private volatile long revision;
    private SaveStatus saveStatus = SaveStatus.SAVED;
    private volatile String stateNote = "";

    private AlertEngine(Path storeRoot, AlertPolicy policy) {
        this.file = new AlertStateFile(storeRoot);
        this.policy = policy;
    }

    /** Opens (or starts) the alert state of the store at {@code storeRoot}. */
    public static AlertEngine open(Path storeRoot, AlertPolicy policy) throws IOException {
        AlertEngine e = new AlertEngine(storeRoot, policy);
        DefaultRules.all().forEach(r -> e.rules.put(r.id(), r));
        var loaded = e.file.load();
        e.stateNote = loaded.note();
        AlertStateFile.Snapshot s = loaded.value();
        if (s != null) {
            s.rules().forEach(r -> e.rules.put(r.id(), r));
            s.silences().forEach(x -> e.silences.put(x.id(), x));
            s.alerts().forEach(a -> e.alerts.put(a.id(), a));
            e.pendingSince.putAll(s.pendingSince());
            s.conditions().forEach(c -> e.conditions.put(c.condition().source() + '\u0000' + c.condition().key(), c));
            e.sequence = s.sequence();
            e.mergeDuplicateOpenAlerts();
        }
        e.budget = new NotificationBudget(policy.notificationsPerServerPerHour(), s == null ? Map.of() : s.sentByServer());
        return e;
    }

    /**
     * State written when every severity had its own alert may hold two open alerts for one problem:
     * the most severe (then the newest) stays, the other is resolved into it, without a notification.
     */
    private void mergeDuplicateOpenAlerts() {
        Map<String, List<Alert>> open = alerts.values().stream().filter(a -> a.status().isOpen())
                .collect(Collectors.groupingBy(Alert::key, LinkedHashMap::new, Collectors.toList()));
        for (List<Alert> same : open.values()) {
            if (same.size() < 2) {
                continue;
            }
            same.sort(Comparator.comparing(Alert::severity).thenComparingLong(Alert::startsMillis).reversed());
            Alert kept = same.get(0);
            for (Alert other : same.subList(1, same.size())) {
                alerts.put(other.id(), other.resolved(kept.lastFiringMillis(), "merged into " + kept.id(), other.currentValue()));
            }
        }
    }

    // ---- rules and silences -------------------------------------------------------------------

    /** Adds or replaces the rule of the same scope, metric and severity; returns it. */
    public synchronized AlertRule setRule(AlertRule rule) {
        rules.put(rule.id(), rule);
        changed();
        return rule;
    }

    /** Deletes a rule; a built-in one is switched off instead (and can be switched on again). */
    public synchronized Optional<AlertRule> deleteRule(String id) {
        AlertRule r = rules.get(id);
        if (r == null) {
            return Optional.empty();
        }
        if (r.builtIn()) {
            rules.put(id, r.withEnabled(false));
        } else {
            rules.remove(id);
        }
        changed();
        return Optional.of(r);
    }

    public synchronized List<AlertRule> rules() {
        return List.copyOf(rules.values());
    }

    public synchronized Silence addSilence(String server, String tool, AlertMetric metric, Duration length, String by,
                                           String reason, long now) {
        Silence s = new Silence("silence-" + Long.toString(++sequence, 36), server, tool, metric, now, now + length.toMillis(),
                by, reason);
        silences.put(s.id(), s);
        changed();
        return s;
    }

    public synchronized boolean deleteSilence(String id) {
        boolean removed = silences.remove(id) != null;
        changed();
        return removed;
    }

    public synchronized List<Silence> silences(long now) {
        return silences.values().stream().filter(s -> s.endsMillis() > now).toList();
    }

    // ---- alerts -------------------------------------------------------------------------------

    /** Open alerts (or all, with {@code includeResolved}), most severe and newest first. */
    public synchronized List<Alert> alerts(boolean includeResolved) {
        return alerts.values().stream().filter(a -> includeResolved || a.status().isOpen())
                .sorted(Comparator.comparing(Alert::severity).reversed().thenComparing(Alert::startsMillis, Comparator.reverseOrder()))
                .toList();
    }

    public synchronized Optional<Alert> alert(String id) {
        return Optional.ofNullable(alerts.get(id));
    }

    public synchronized boolean isSilenced(Alert a, long now) {
        return silences.values().stream().anyMatch(s -> s.matches(a, now));
    }

    /** Acknowledges an open alert: no more reminders or escalation for it. */
    public synchronized Alert acknowledge(String id, String by, String notes, long now) {
        Alert a = alerts.get(id);
        if (a == null) {
            throw new IllegalArgumentException("alertId: no alert '" + id + "'");
        }
        if (!a.status().isOpen()) {
            throw new IllegalArgumentException("alertId: alert '" + id + "' is already resolved");
        }
        Alert acked = a.acknowledged(by, notes, now);
        alerts.put(id, acked);
        changed();
        return acked;
    }

    /**
     * Raises a problem seen by another source than the rules: from the next evaluation on it counts
     * for the alert of its (server, tool, metric) as a firing rule of its severity would, until
     * {@code holdFor} after {@code now} — raise it again to keep it, or {@link #clear} it. Raising the
     * same source for the same key again replaces the condition.
     */
    public synchronized void raise(Condition c, long now, Duration holdFor) {
        if (holdFor.isNegative() || holdFor.isZero()) {
            throw new IllegalArgumentException("holdFor: must be > 0, was " + holdFor);
        }
        conditions.put(c.source() + '\u0000' + c.key(), new HeldCondition(c, now + holdFor.toMillis()));
        changed();
    }

    /** Withdraws what {@code source} raised for {@code server}/{@code tool}/{@code metric}; true if it held. */
    public synchronized boolean clear(String source, String server, String tool, AlertMetric metric) {
        boolean removed = conditions.remove(source + '\u0000' + Alert.key(server, tool == null ? "" : tool, metric)) != null;
        if (removed) {
            changed();
        }
        return removed;
    }

    // ---- evaluation ---------------------------------------------------------------------------

    /** Refreshes the reader, evaluates every rule at {@code now}, and returns what to notify. */
    public List<Notification> evaluate(StoreReader reader, long now) {
        reader.refresh();
        return reader.read(ix -> evaluate(ix, now));
    }

    /**
     * Evaluates every rule against {@code ix} at {@code now} and returns what to notify. The state is
     * saved afterwards; if that fails, the notifications are returned all the same.
     */
    public synchronized List<Notification> evaluate(StoreIndex ix, long now) {
        List<Notification> raw = new ArrayList<>();
        Map<String, RuleReadings.Target> targets = readings.read(ix, rules.values(), pendingSince, now);
        conditions.values().removeIf(h -> h.untilMillis() <= now);
        for (HeldCondition h : conditions.values()) {
            Condition c = h.condition();
            targets.compute(c.key(), (k, t) -> (t != null ? t : new RuleReadings.Target(c.server(), c.tool(), c.metric(),
                    List.of())).with(c.reading()));
        }
        Map<String, Alert> openByKey = new HashMap<>();
        alerts.values().stream().filter(a -> a.status().isOpen()).forEach(a -> openByKey.put(a.key(), a));
        for (RuleReadings.Target t : targets.values()) {
            judge(t, openByKey.remove(t.key()), now, raw);
        }
        for (Alert gone : openByKey.values()) { // no rule in force, no source, or its series is gone from the store
            alerts.put(gone.id(), notify(Notification.Kind.RESOLVED, null,
                    gone.resolved(now, "nothing watches it any more (rule switched off or removed, or no data kept)",
                            Double.NaN), now, raw));
        }
        lifecycle(now, raw);
        List<Notification> out = new ArrayList<>();
        for (Notification n : raw) {
            budget.offer(n, now, out);
        }
        budget.releaseDigests(now, out);
        persist();
        return out;
    }

    /** Cost of evaluating one rule for one series, for benchmarks: the value it would compare. */
    public synchronized double valueOf(StoreIndex ix, AlertRule rule, StoreIndex.Series s, long now) {
        return readings.valueOf(ix, rule, s, now);
    }

    /** One problem now: fire, raise or lower the severity of, refresh or resolve its alert. */
    private void judge(RuleReadings.Target t, Alert open, long now, List<Notification> out) {
        Reading top = t.top();
        if (top == null) {
            if (open != null) {
                double v = t.valueAt(open.severity());
                String why = now - open.lastFiringMillis() > policy.staleAfter().toMillis() ? "not seen firing for 24 h"
                        : Double.isNaN(v) ? "too few calls or samples in the window to judge" : "condition cleared";
                alerts.put(open.id(), notify(Notification.Kind.RESOLVED, null, open.resolved(now, why, v), now, out));
            }
            return;
        }
        if (open == null) {
            Alert recent = recentlyResolved(t.key(), now);
            Alert fired = recent != null ? recent.reopened(top, now) // a repeat within the fold window: same alert
                    : Alert.fire("alert-" + Long.toString(++sequence, 36), t.server(), t.tool(), t.metric(), top, now);
            alerts.put(fired.id(), notify(Notification.Kind.FIRING, null, fired, now, out));
        } else if (top.severity() != open.severity()) {
            Alert changed = open.changedSeverity(top, now);
            Notification.Kind kind = top.severity().compareTo(open.severity()) > 0 ? Notification.Kind.FIRING
                    : Notification.Kind.DEESCALATED;
            alerts.put(open.id(), notify(kind, open.severity(), changed, now, out));
        } else {
            alerts.put(open.id(), open.firing(top, now));
        }
    }

    private Alert recentlyResolved(String key, long now) {
        Alert recent = null;
        for (Alert a : alerts.values()) {
            if (a.key().equals(key) && !a.status().isOpen() && now - a.resolvedMillis() <= policy.foldWithin().toMillis()
                    && (recent == null || a.resolvedMillis() > recent.resolvedMillis())) {
                recent = a;
            }
        }
        return recent;
    }

    /** Time alone: forget old resolved alerts, escalate unacknowledged critical ones, remind. */
    private void lifecycle(long now, List<Notification> out) {
        for (Alert a : new ArrayList<>(alerts.values())) {
            if (!a.status().isOpen()) {
                if (now - a.resolvedMillis() > policy.keepResolved().toMillis()) {
                    alerts.remove(a.id());
                }
                continue;
            }
            if (a.lastFiringMillis() != now) {
                continue; // resolved or changed in this evaluation
            }
            if (a.status() == AlertStatus.ACTIVE && a.severity() == Severity.CRITICAL
                    && now - a.severitySinceMillis() >= policy.escalateAfter().toMillis()) {
                alerts.put(a.id(), notify(Notification.Kind.ESCALATED, null, a.escalated(now), now, out));
                continue;
            }
            if (a.status() != AlertStatus.ACKNOWLEDGED && a.lastNotifiedMillis() > 0
                    && now - a.lastNotifiedMillis() >= policy.repeatInterval().toMillis()) {
                alerts.put(a.id(), notify(Notification.Kind.REMINDER, null, a, now, out));
            }
        }
    }

    /** Queues a notification unless silenced; returns the alert with its notification time. */
    private Alert notify(Notification.Kind kind, Severity previous, Alert a, long now, List<Notification> out) {
        if (isSilenced(a, now)) {
            return a;
        }
        out.add(AlertMessages.of(kind, a, previous, now));
        return a.notified(now);
    }

    /** Notifications held back by the budget, waiting for their digest. */
    public synchronized int heldNotifications() {
        return budget.held();
    }

    /** Changes with every rule, silence, acknowledgement or raised condition, so an evaluation loop knows to run again. */
    public long revision() {
        return revision;
    }

    // ---- persistence --------------------------------------------------------------------------

    /** Whether the state file holds the latest state, and if not, why. */
    public synchronized SaveStatus saveStatus() {
        return saveStatus;
    }

    /** Saves the state again if the last save failed; returns the status afterwards. */
    public synchronized SaveStatus retrySave() {
        if (!saveStatus.saved()) {
            persist();
        }
        return saveStatus;
    }

    private void changed() {
        revision++;
        persist();
    }

    /** Writes the whole state; a failure is kept in {@link #saveStatus} and retried, never thrown. */
    private void persist() {
        try {
            file.save(new AlertStateFile.Snapshot(AlertStateFile.FORMAT_VERSION,
                    rules.values().stream().filter(r -> !r.builtIn() || !r.enabled() || !DefaultRules.all().contains(r)).toList(),
                    List.copyOf(silences.values()), List.copyOf(alerts.values()), Map.copyOf(pendingSince), budget.snapshot(),
                    sequence, List.copyOf(conditions.values())));
            saveStatus = SaveStatus.SAVED;
        } catch (IOException | RuntimeException e) {
            saveStatus = new SaveStatus(false, saveStatus.failedSaves() + 1,
                    "cannot save alert state to " + file.path() + ": " + e);
        }
    }

    /**
     * What opening the state had to repair: empty when the state file was read as it was, else which
     * file was damaged and whether it was restored from its last-good copy or started afresh.
     */
    public String stateNote() {
        return stateNote;
    }

    /** Where the state lives. */
    public Path stateFile() {
        return file.path();
    }
}
