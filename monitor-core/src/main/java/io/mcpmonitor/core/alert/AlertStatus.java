package io.mcpmonitor.core.alert;

/** Where an alert is in its life: active → acknowledged → resolved, or active → escalated. */
public enum AlertStatus {
    ACTIVE("active"), ACKNOWLEDGED("acknowledged"), ESCALATED("escalated"), RESOLVED("resolved");

    private final String wireName;

    AlertStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Still open: active, acknowledged or escalated. */
    public boolean isOpen() {
        return this != RESOLVED;
    }

    public static AlertStatus fromWireName(String s) {
        for (AlertStatus v : values()) {
            if (v.wireName.equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("status: unknown value '" + s + "'; expected active, acknowledged, escalated or resolved");
    }
}
