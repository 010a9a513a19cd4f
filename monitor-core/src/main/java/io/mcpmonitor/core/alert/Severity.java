package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/** How urgent an alert is. Critical alerts escalate when not acknowledged and are never rate-limited. */
public enum Severity implements WireNamed {
    WARNING, CRITICAL;

    public static Severity fromWireName(String s) {
        return WireNames.parse(Severity.class, s, WireNames.unknownValue("severity"));
    }
}
