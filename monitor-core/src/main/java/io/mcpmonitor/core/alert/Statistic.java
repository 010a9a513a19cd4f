package io.mcpmonitor.core.alert;

/** Which statistic of the response times in the window a {@code response_time} rule compares. */
public enum Statistic {
    P50("p50", 50), P95("p95", 95), P99("p99", 99), AVG("avg", -1), MAX("max", -1);

    private final String wireName;
    private final double percentile;

    Statistic(String wireName, double percentile) {
        this.wireName = wireName;
        this.percentile = percentile;
    }

    public String wireName() {
        return wireName;
    }

    /** The percentile read, or -1 for avg and max. */
    double percentile() {
        return percentile;
    }

    public static Statistic fromWireName(String s) {
        for (Statistic v : values()) {
            if (v.wireName.equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("statistic: unknown value '" + s + "'; expected p50, p95, p99, avg or max");
    }
}
