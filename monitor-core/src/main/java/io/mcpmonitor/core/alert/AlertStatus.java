package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/** Where an alert is in its life: active → acknowledged → resolved, or active → escalated. */
public enum AlertStatus implements WireNamed {
    ACTIVE, ACKNOWLEDGED, ESCALATED, RESOLVED;

    /** Still open: active, acknowledged or escalated. */
    public boolean isOpen() {
        return this != RESOLVED;
    }

    public static AlertStatus fromWireName(String s) {
        return WireNames.parse(AlertStatus.class, s, WireNames.unknownValue("status"));
    }
}
