package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/**
 * What kind of abnormal behaviour an {@link Anomaly} is. Immutable, thread-safe; {@link #wireName()}
 * is the name tools and the anomaly log use.
 */
public enum AnomalyType implements WireNamed {
    /** A percentile of the response time (p95, p99) rose well above its usual range. */
    RESPONSE_TIME_SPIKE,
    /** The response time moved and stayed: the median rose, or a spike lasted ten minutes or more. */
    LATENCY_SHIFT,
    /** The share of calls that did not succeed rose (any outcome class but success). */
    ERROR_RATE_SPIKE,
    /** Far fewer calls than usual at this time. */
    THROUGHPUT_DROP,
    /** Far more calls than usual at this time. */
    THROUGHPUT_SURGE,
    /** CPU or heap of the server's process rose well above its usual range. */
    RESOURCE_SPIKE,
    /** A standing problem, not a change: the tool failed on (nearly) every call since it was first seen. */
    PERSISTENT_ERRORS,
    /** A standing problem, not a change: p95 above its alert threshold in every minute of the window with calls. */
    PERSISTENT_LATENCY;

    /** @throws IllegalArgumentException naming the value if it is not a known type */
    public static AnomalyType fromWireName(String name) {
        return WireNames.parse(AnomalyType.class, name, (v, names) -> "anomalyType: unknown '" + v + "'");
    }
}
