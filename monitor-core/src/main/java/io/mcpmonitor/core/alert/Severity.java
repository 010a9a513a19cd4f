package io.mcpmonitor.core.alert;

/** How urgent an alert is. Critical alerts escalate when not acknowledged and are never rate-limited. */
public enum Severity {
    WARNING("warning"), CRITICAL("critical");

    private final String wireName;

    Severity(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Severity fromWireName(String s) {
        for (Severity v : values()) {
            if (v.wireName.equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("severity: unknown value '" + s + "'; expected warning or critical");
    }
}
