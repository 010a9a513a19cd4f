package io.mcpmonitor.core.alert;

/** An outside {@link Condition} and until when it holds (epoch millis) unless raised again. Immutable. */
record HeldCondition(Condition condition, long untilMillis) {
}
