package io.mcpmonitor.core.alert;

/**
 * What one rule (or outside source) reads for one (server, tool, metric) at one evaluation: its
 * value against its threshold at its severity, and whether it fires now (over the threshold for
 * the rule's pending period). {@code value} is NaN when the window cannot be judged. Immutable.
 */
record Reading(String source, Severity severity, double value, double threshold, String statistic, boolean firing) {
}
