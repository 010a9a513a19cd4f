package io.mcpmonitor.core.detect;

/** The per-minute series detection watches, with their wire name, unit and incident family. */
enum Metric {
    LATENCY_P50("latency_p50", "ms", Family.LATENCY, "p50 response time"),
    LATENCY_P95("latency_p95", "ms", Family.LATENCY, "p95 response time"),
    LATENCY_P99("latency_p99", "ms", Family.LATENCY, "p99 response time"),
    ERROR_RATE("error_rate", "percent", Family.ERRORS, "error rate"),
    CALLS("calls_per_minute", "calls/min", Family.TRAFFIC_DROP, "calls per minute"),
    CPU("cpu_percent", "percent", Family.CPU, "process CPU"),
    HEAP("heap_percent", "percent", Family.HEAP, "heap use");

    final String wireName;
    final String unit;
    final Family family;
    final String label;

    Metric(String wireName, String unit, Family family, String label) {
        this.wireName = wireName;
        this.unit = unit;
        this.family = family;
        this.label = label;
    }

    /**
     * Kinds of incident: minutes of one series that are abnormal in the same way fold into one
     * incident of that family. A traffic drop and a surge are different incidents.
     */
    enum Family {
        LATENCY, ERRORS, TRAFFIC_DROP, TRAFFIC_SURGE, CPU, HEAP
    }
}
