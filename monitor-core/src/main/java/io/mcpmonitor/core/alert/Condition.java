package io.mcpmonitor.core.alert;

import java.util.Objects;

/**
 * A problem raised by a source other than the threshold rules (for example the anomaly detector) on
 * one (server, tool, metric): it joins the alert of that key like a rule of its severity would, so
 * one problem stays one alert whichever part saw it. Give it to {@link AlertEngine#raise}; it holds
 * until the time given there unless raised again, and the alert resolves when neither it nor a rule
 * fires any more.
 *
 * <p>{@code source} names the source and goes into the alert's {@code ruleId} (e.g.
 * {@code anomaly-latency_shift}); {@code tool} is empty for a per-server metric; {@code value} and
 * {@code threshold} are in the metric's unit ({@link AlertMetric#unit()}), the threshold being the bound
 * the source found exceeded; {@code statistic} is the response-time statistic, or empty. Immutable.
 *
 * <pre>{@code
 * engine.raise(new Condition("anomaly-latency_shift", "billing", "charge", AlertMetric.RESPONSE_TIME,
 *         Severity.CRITICAL, 2400, 900, "p95"), now, Duration.ofMinutes(10));
 * }</pre>
 */
public record Condition(String source, String server, String tool, AlertMetric metric, Severity severity, double value,
                        double threshold, String statistic) {

    public Condition {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(severity, "severity");
        tool = tool == null ? "" : tool;
        statistic = statistic == null ? "" : statistic;
        if (source.isEmpty()) {
            throw new IllegalArgumentException("source: must not be empty");
        }
        if (metric.perServer() && !tool.isEmpty()) {
            throw new IllegalArgumentException("toolName: " + metric.wireName() + " is watched per server, not per tool");
        }
    }

    String key() {
        return Alert.key(server, tool, metric);
    }

    Reading reading() {
        return new Reading(source, severity, value, threshold, statistic, true);
    }
}
