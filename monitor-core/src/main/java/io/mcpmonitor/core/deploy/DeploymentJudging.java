package io.mcpmonitor.core.deploy;

import io.mcpmonitor.core.alert.AlertEngine;
import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.Condition;
import io.mcpmonitor.core.alert.Severity;
import io.mcpmonitor.core.notify.Notification;
import io.mcpmonitor.core.store.StoreReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges each deployment once enough traffic has followed it, the sidecar's background work
 * (docs/DEPLOYMENTS.md). A run:
 * <ol>
 *   <li>takes every deployment without a verdict that is the latest of its server and environment,
 *       at least {@link JudgingPolicy#delay()} old and at most {@link JudgingPolicy#horizon()};</li>
 *   <li>compares {@code delay} of traffic before it with {@code delay} after it; while that is
 *       {@code not_enough_data} it waits, up to {@link JudgingPolicy#maxWait()};</li>
 *   <li>records the verdict in the log — only the process that records it acts on it, so a
 *       deployment is acted on once across restarts and sidecars sharing the store;</li>
 *   <li>on {@code fail}: raises a critical {@code deployment_regression} condition per failing tool in
 *       the alert engine (response time and/or error rate), held for {@link JudgingPolicy#holdAlert()}
 *       or until a newer deployment of the server, and returns one {@code deployment_regression}
 *       notification for the channels (the rollback action).</li>
 * </ol>
 * A verdict is recorded before its notification is handed on: a crash between the two loses the
 * notification rather than rolling back twice.
 *
 * <p>Not thread-safe: one background thread runs it.
 */
public final class DeploymentJudging {

    /** The alert source of the conditions this raises; also the ruleId of their alerts. */
    public static final String SOURCE = "deployment_regression";

    private final StoreReader reader;
    private final DeploymentLog log;
    private final AlertEngine alerts;
    private final JudgingPolicy policy;
    private final Comparisons comparisons;

    public DeploymentJudging(StoreReader reader, DeploymentLog log, AlertEngine alerts, JudgingPolicy policy) {
        this.reader = reader;
        this.log = log;
        this.alerts = alerts;
        this.policy = policy;
        this.comparisons = new Comparisons(reader, new CompareJudge(policy.thresholds()));
    }

    /** Judges what is due at {@code nowMillis}; returns the notifications to send. */
    public List<Notification> run(long nowMillis) throws IOException {
        List<Deployment> all = log.all();
        List<DeploymentVerdict> verdicts = log.verdicts();
        Set<String> judged = verdicts.stream().map(DeploymentVerdict::deploymentId).collect(Collectors.toSet());
        endSupersededRegressions(all, verdicts);
        List<Notification> out = new ArrayList<>();
        for (Deployment d : all) {
            long at = d.at().toEpochMilli();
            if (judged.contains(d.id()) || superseded(d, all) || nowMillis < at + policy.delay().toMillis()
                    || nowMillis - at > policy.horizon().toMillis()) {
                continue;
            }
            reader.refresh();
            JudgedComparison j = comparisons.deployment(d, null, policy.delay().toMillis(), nowMillis);
            Verdict v = j.comparison().overall();
            if (v == Verdict.NOT_ENOUGH_DATA && nowMillis < at + policy.maxWait().toMillis()) {
                continue;
            }
            List<ToolVerdict> failing = j.comparison().tools().stream().filter(t -> t.verdict() == Verdict.FAIL).toList();
            DeploymentVerdict verdict = new DeploymentVerdict(d.id(), v, Instant.ofEpochMilli(nowMillis), j.doNotPromote(),
                    failing.stream().map(ToolVerdict::tool).toList(), summary(d, j, failing));
            if (!log.recordVerdictIfAbsent(verdict)) {
                continue; // another sidecar judged it first and acts on it
            }
            if (v == Verdict.FAIL) {
                for (ToolVerdict t : failing) {
                    raise(d, t, nowMillis);
                }
                out.add(notification(d, j, verdict, nowMillis));
            }
        }
        return out;
    }

    private static boolean superseded(Deployment d, List<Deployment> all) {
        return all.stream().anyMatch(o -> o != d && o.server().equals(d.server()) && o.environment().equals(d.environment())
                && o.at().isAfter(d.at()));
    }

    /** A rollback or a fix is a newer deployment: the regression alert of the old one ends with it. */
    private void endSupersededRegressions(List<Deployment> all, List<DeploymentVerdict> verdicts) {
        Map<String, Deployment> byId = new LinkedHashMap<>();
        all.forEach(d -> byId.put(d.id(), d));
        for (DeploymentVerdict v : verdicts) {
            Deployment d = byId.get(v.deploymentId());
            if (v.verdict() == Verdict.FAIL && d != null && superseded(d, all)) {
                for (String tool : v.failingTools()) {
                    alerts.clear(SOURCE, d.server(), tool, AlertMetric.RESPONSE_TIME);
                    alerts.clear(SOURCE, d.server(), tool, AlertMetric.ERROR_RATE);
                }
            }
        }
    }

    private void raise(Deployment d, ToolVerdict t, long now) {
        if (t.latencyVerdict() == Verdict.FAIL) {
            alerts.raise(new Condition(SOURCE, d.server(), t.tool(), AlertMetric.RESPONSE_TIME, Severity.CRITICAL,
                    t.afterP95Ms(), t.beforeP95Ms(), "p95"), now, policy.holdAlert());
        }
        if (t.errorVerdict() == Verdict.FAIL) {
            alerts.raise(new Condition(SOURCE, d.server(), t.tool(), AlertMetric.ERROR_RATE, Severity.CRITICAL,
                    t.afterErrorRate(), t.beforeErrorRate(), ""), now, policy.holdAlert());
        }
    }

    private static String change(Deployment d) {
        return d.server() + " " + (d.previousVersion().isEmpty() ? "?" : d.previousVersion()) + " -> " + d.version()
                + " (" + d.environment() + ")";
    }

    private static String summary(Deployment d, JudgedComparison j, List<ToolVerdict> failing) {
        String worst = failing.isEmpty() || failing.get(0).reasons().isEmpty() ? ""
                : ": " + failing.get(0).tool() + " " + failing.get(0).reasons().get(0);
        return change(d) + " judged " + j.comparison().overall().wireName() + (j.doNotPromote() ? ", do not promote" : "")
                + worst;
    }

    private static Notification notification(Deployment d, JudgedComparison j, DeploymentVerdict v, long now) {
        String title = "[CRITICAL] " + change(d) + ": deployment regression" + (j.doNotPromote() ? ", do not promote" : "")
                + " (" + String.join(", ", v.failingTools()) + ")";
        StringBuilder text = new StringBuilder(v.summary()).append('\n');
        for (ToolVerdict t : j.comparison().tools()) {
            if (t.verdict() == Verdict.FAIL) {
                text.append("- ").append(t.tool()).append(": ").append(String.join("; ", t.reasons())).append('\n');
            }
        }
        text.append(d.isStaging() ? "Do not promote this build to production."
                : "Roll back to " + (d.previousVersion().isEmpty() ? "the previous version" : d.previousVersion())
                + " or fix forward; compare_performance with deploymentId " + d.id() + " has every number.");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("deploymentId", d.id());
        fields.put("mcpServer", d.server());
        fields.put("version", d.version());
        fields.put("previousVersion", d.previousVersion());
        fields.put("environment", d.environment());
        fields.put("verdict", v.verdict().wireName());
        fields.put("doNotPromote", v.doNotPromote());
        fields.put("failingTools", v.failingTools());
        fields.put("deployedAt", d.at().toString());
        fields.put("scorePercent", j.comparison().scorePercent());
        return new Notification(Notification.Kind.DEPLOYMENT_REGRESSION, "critical", d.server(), title, text.toString(),
                fields, Instant.ofEpochMilli(now), List.of());
    }
}
