package io.mcpmonitor.core.alert;

import io.mcpmonitor.core.wire.WireNamed;
import io.mcpmonitor.core.wire.WireNames;

/** Where an alert is in its life: active → acknowledged → resolved, or active → escalated. */
public enum AlertStatus implements WireNamed {
    ACTIVE("active"), ACKNOWLEDGED("acknowledged"), ESCALATED("escalated"), RESOLVED("resolved");

    private final String wireName;

    AlertStatus(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** Still open: active, acknowledged or escalated. */
    public boolean isOpen() {
        return this != RESOLVED;
    }

    public static AlertStatus fromWireName(String s) {
        return WireNames.parse(AlertStatus.class, s,
                (v, names) -> "status: unknown value '" + v + "'; expected active, acknowledged, escalated or resolved");
    }
}
