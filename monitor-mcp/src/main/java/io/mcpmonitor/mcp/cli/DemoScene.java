package io.mcpmonitor.mcp.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the demo's scene must show once it has run: a response-time anomaly of {@code slow_query}, an
 * error-rate anomaly of {@code flaky}, and an open alert; and what it must not: a throughput anomaly,
 * which would mean the live rate did not match the simulated history. Built from the structured
 * answers of {@code detect_anomalies} and {@code get_active_alerts}. Immutable.
 */
record DemoScene(boolean slowQueryAnomaly, boolean flakyAnomaly, int openAlerts, List<String> throughputAnomalies) {

    static DemoScene of(Map<?, ?> anomalies, Map<?, ?> alerts) {
        boolean slow = false;
        boolean flaky = false;
        List<String> traffic = new ArrayList<>();
        for (Object o : (List<?>) anomalies.get("anomalies")) {
            Map<?, ?> a = (Map<?, ?>) o;
            String type = String.valueOf(a.get("anomalyType"));
            String tool = String.valueOf(a.get("toolName"));
            slow |= "slow_query".equals(tool) && (type.equals("response_time_spike") || type.equals("latency_shift"));
            flaky |= "flaky".equals(tool) && type.equals("error_rate_spike");
            if (type.startsWith("throughput_")) {
                traffic.add(type + " of " + tool);
            }
        }
        return new DemoScene(slow, flaky, ((Number) alerts.get("count")).intValue(), List.copyOf(traffic));
    }

    /** What the scene was meant to show and did not; empty when it all happened. */
    List<String> missing() {
        List<String> m = new ArrayList<>();
        if (!slowQueryAnomaly) {
            m.add("no response-time anomaly of slow_query");
        }
        if (!flakyAnomaly) {
            m.add("no error-rate anomaly of flaky");
        }
        if (openAlerts == 0) {
            m.add("no open alert");
        }
        return m;
    }

    boolean happened() {
        return missing().isEmpty();
    }
}
