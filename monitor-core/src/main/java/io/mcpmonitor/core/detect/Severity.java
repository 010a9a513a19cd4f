package io.mcpmonitor.core.detect;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/**
 * How much an {@link Anomaly} matters, from its effect (not from how sure the detector is, which
 * is the anomaly's confidence). Ordered: {@code INFO < WARNING < CRITICAL}. Immutable, thread-safe.
 */
public enum Severity implements WireNamed {
    /** Unusual, worth knowing, nobody needs to act now (a traffic surge, a mild slow-down). */
    INFO,
    /** Users notice: response time 1.5x its usual, error rate up 5 points, traffic halved. */
    WARNING,
    /** Broken for users: response time 3x, a quarter of calls failing, traffic gone. */
    CRITICAL;

    /** @throws IllegalArgumentException naming the value if it is not info, warning or critical */
    public static Severity fromWireName(String name) {
        return WireNames.parse(Severity.class, name, WireNames.mustBeOneOf("severity"));
    }

    Severity max(Severity other) {
        return other.compareTo(this) > 0 ? other : this;
    }
}
