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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Alert rules and the alert lifecycle over one store: evaluates rules against what the store holds,
 * raises, folds, escalates, reminds and resolves alerts, applies silences and the per-server
 * notification budget, and returns the notifications to send. State lives in
 * {@code <store>/alerts/state.json} and survives restarts.
 *
 * <p>Thread-safe: every public method is synchronized. Evaluation allocates; it runs on a background
 * thread, never on a recording path.
 */
public final class AlertEngine {

    private final AlertStateFile file;
    private final AlertPolicy policy;
    private final RuleEvaluator evaluator = new RuleEvaluator();
    private final Map<String, AlertRule> rules = new LinkedHashMap<>();
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, Long> pendingSince = new HashMap<>();
    private NotificationBudget budget;
    private long sequence;
    private volatile long revision;

    private AlertEngine(Path storeRoot, AlertPolicy policy) {
        this.file = new AlertStateFile(storeRoot);
        this.policy = policy;
    }

    /** Opens (or starts) the alert state of the store at {@code storeRoot}. */
    public static AlertEngine open(Path storeRoot, AlertPolicy policy) throws IOException {
        AlertEngine e = new AlertEngine(storeRoot, policy);
        DefaultRules.all().forEach(r -> e.rules.put(r.id(), r));
        AlertStateFile.Snapshot s = e.file.load();
        if (s != null) {
            s.rules().forEach(r -> e.rules.put(r.id(), r));
            s.silences().forEach(x -> e.silences.put(x.id(), x));
            s.alerts().forEach(a -> e.alerts.put(a.id(), a));
            e.pendingSince.putAll(s.pendingSince());
            e.sequence = s.sequence();
        }
        e.budget = new NotificationBudget(policy.notificationsPerServerPerHour(), s == null ? Map.of() : s.sentByServer());
        return e;
    }

    // ---- rules and silences -------------------------------------------------------------------

    /** Adds or replaces the rule of the same scope, metric and severity; returns it. */
    public synchronized AlertRule setRule(AlertRule rule) throws IOException {
        rules.put(rule.id(), rule);
        save();
        return rule;
    }

    /** Deletes a rule; a built-in one is switched off instead (and can be switched on again). */
    public synchronized Optional<AlertRule> deleteRule(String id) throws IOException {
        AlertRule r = rules.get(id);
        if (r == null) {
            return Optional.empty();
        }
        if (r.builtIn()) {
            rules.put(id, r.withEnabled(false));
        } else {
            rules.remove(id);
        }
        save();
        return Optional.of(r);
    }

    public synchronized List<AlertRule> rules() {
        return List.copyOf(rules.values());
    }

    public synchronized Silence addSilence(String server, String tool, AlertMetric metric, Duration length, String by,
                                           String reason, long now) throws IOException {
        Silence s = new Silence("silence-" + Long.toString(++sequence, 36), server, tool, metric, now, now + length.toMillis(),
                by, reason);
        silences.put(s.id(), s);
        save();
        return s;
    }

    public synchronized boolean deleteSilence(String id) throws IOException {
        boolean removed = silences.remove(id) != null;
        save();
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
    public synchronized Alert acknowledge(String id, String by, String notes, long now) throws IOException {
        Alert a = alerts.get(id);
        if (a == null) {
            throw new IllegalArgumentException("alertId: no alert '" + id + "'");
        }
        if (!a.status().isOpen()) {
            throw new IllegalArgumentException("alertId: alert '" + id + "' is already resolved");
        }
        Alert acked = a.acknowledged(by, notes, now);
        alerts.put(id, acked);
        save();
        return acked;
    }

    // ---- evaluation ---------------------------------------------------------------------------

    /** Refreshes the reader, evaluates every rule at {@code now}, and returns what to notify. */
    public List<Notification> evaluate(StoreReader reader, long now) throws IOException {
        reader.refresh();
        return reader.read(ix -> evaluate(ix, now));
    }

    /** Evaluates every rule against {@code ix} at {@code now}, and returns what to notify. */
    public synchronized List<Notification> evaluate(StoreIndex ix, long now) {
        List<Notification> raw = new ArrayList<>();
        Set<String> firing = new HashSet<>();
        Map<String, Long> lastSeenByServer = new HashMap<>();
        for (StoreIndex.Series s : ix.series()) {
            lastSeenByServer.merge(s.key().server(), s.lastSeenMillis(), Math::max);
        }
        Set<String> servers = new TreeSet<>(lastSeenByServer.keySet());
        ix.processes().forEach(p -> servers.addAll(p.servers()));
        for (AlertMetric metric : AlertMetric.values()) {
            for (Severity severity : Severity.values()) {
                if (metric.perServer()) {
                    for (String server : servers) {
                        AlertRule rule = select(metric, severity, server, null);
                        if (rule != null) {
                            double v = evaluator.serverValue(ix, server, rule, now,
                                    lastSeenByServer.getOrDefault(server, Long.MIN_VALUE));
                            judge(rule, server, "", v, now, raw, firing);
                        }
                    }
                } else {
                    for (StoreIndex.Series s : ix.series()) {
                        AlertRule rule = select(metric, severity, s.key().server(), s.key().tool());
                        if (rule != null) {
                            judge(rule, s.key().server(), s.key().tool(), evaluator.seriesValue(ix, s, rule, now), now, raw,
                                    firing);
                        }
                    }
                }
            }
        }
        lifecycle(now, firing, raw);
        List<Notification> out = new ArrayList<>();
        for (Notification n : raw) {
            budget.offer(n, now, out);
        }
        budget.releaseDigests(now, out);
        saveQuietly();
        return out;
    }

    /** Cost of evaluating one rule for one series, for benchmarks: the value it would compare. */
    public synchronized double valueOf(StoreIndex ix, AlertRule rule, StoreIndex.Series s, long now) {
        return evaluator.seriesValue(ix, s, rule, now);
    }

    private AlertRule select(AlertMetric metric, Severity severity, String server, String tool) {
        return AlertRule.effective(rules.values(), metric, severity, server, tool).orElse(null);
    }

    private void judge(AlertRule rule, String server, String tool, double value, long now, List<Notification> out,
                       Set<String> firing) {
        String key = Alert.key(server, tool, rule.metric(), rule.severity());
        String pendingKey = rule.id() + '\u0000' + server + '\u0000' + tool;
        boolean over = !Double.isNaN(value) && (rule.metric() == AlertMetric.NO_DATA ? value >= rule.threshold() : value > rule.threshold());
        if (!over) {
            pendingSince.remove(pendingKey);
            return;
        }
        long since = pendingSince.computeIfAbsent(pendingKey, k -> now);
        if (now - since < rule.pendingFor().toMillis()) {
            return;
        }
        firing.add(key);
        Alert open = null;
        Alert recent = null;
        for (Alert a : alerts.values()) {
            if (a.key().equals(key)) {
                if (a.status().isOpen()) {
                    open = a;
                } else if (now - a.resolvedMillis() <= policy.foldWithin().toMillis()
                        && (recent == null || a.resolvedMillis() > recent.resolvedMillis())) {
                    recent = a;
                }
            }
        }
        if (open != null) {
            alerts.put(open.id(), open.firing(value, rule.threshold(), now, false));
            return;
        }
        Alert fired;
        if (recent != null) {
            fired = recent.firing(value, rule.threshold(), now, true); // a repeat within the fold window: same alert
        } else {
            fired = new Alert("alert-" + Long.toString(++sequence, 36), rule.id(), server, tool, rule.metric(),
                    rule.metric() == AlertMetric.RESPONSE_TIME ? rule.statistic().wireName() : "", rule.severity(),
                    AlertStatus.ACTIVE, value, rule.threshold(), now, now, 1, 0, null, null, 0, 0, 0, null);
        }
        alerts.put(fired.id(), notify(Notification.Kind.FIRING, fired, now, out));
    }

    private void lifecycle(long now, Set<String> firing, List<Notification> out) {
        for (Alert a : new ArrayList<>(alerts.values())) {
            if (!a.status().isOpen()) {
                if (now - a.resolvedMillis() > policy.keepResolved().toMillis()) {
                    alerts.remove(a.id());
                }
                continue;
            }
            if (!firing.contains(a.key())) {
                String why = now - a.lastFiringMillis() > policy.staleAfter().toMillis() ? "not seen firing for 24 h"
                        : "condition cleared";
                alerts.put(a.id(), notify(Notification.Kind.RESOLVED, a.resolved(now, why), now, out));
                continue;
            }
            if (a.status() == AlertStatus.ACTIVE && a.severity() == Severity.CRITICAL
                    && now - a.startsMillis() >= policy.escalateAfter().toMillis()) {
                alerts.put(a.id(), notify(Notification.Kind.ESCALATED, a.escalated(now), now, out));
                continue;
            }
            if (a.status() != AlertStatus.ACKNOWLEDGED && a.lastNotifiedMillis() > 0
                    && now - a.lastNotifiedMillis() >= policy.repeatInterval().toMillis()) {
                alerts.put(a.id(), notify(Notification.Kind.REMINDER, a, now, out));
            }
        }
    }

    /** Queues a notification unless silenced; returns the alert with its notification time. */
    private Alert notify(Notification.Kind kind, Alert a, long now, List<Notification> out) {
        if (isSilenced(a, now)) {
            return a;
        }
        out.add(AlertMessages.of(kind, a, now));
        return a.notified(now);
    }

    /** Notifications held back by the budget, waiting for their digest. */
    public synchronized int heldNotifications() {
        return budget.held();
    }

    /** Changes with every rule, silence or acknowledgement, so an evaluation loop knows to run again. */
    public long revision() {
        return revision;
    }

    private void save() throws IOException {
        revision++;
        file.save(new AlertStateFile.Snapshot(AlertStateFile.FORMAT_VERSION,
                rules.values().stream().filter(r -> !r.builtIn() || !r.enabled() || !DefaultRules.all().contains(r)).toList(),
                List.copyOf(silences.values()), List.copyOf(alerts.values()), Map.copyOf(pendingSince), budget.snapshot(), sequence));
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot save alert state to " + file.path() + ": " + e.getMessage(), e);
        }
    }

    /** Where the state lives. */
    public Path stateFile() {
        return file.path();
    }
}
