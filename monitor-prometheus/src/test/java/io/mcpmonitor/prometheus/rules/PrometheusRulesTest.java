package io.mcpmonitor.prometheus.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.alert.AlertMetric;
import io.mcpmonitor.core.alert.AlertRule;
import io.mcpmonitor.core.alert.DefaultRules;
import io.mcpmonitor.core.alert.Severity;
import io.mcpmonitor.core.alert.Statistic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusRulesTest {

    @TempDir
    Path dir;

    private static AlertRule rule(String server, String tool, AlertMetric m, Statistic st, double threshold, Severity sev,
                                  boolean enabled) {
        return new AlertRule(AlertRule.idFor(server, tool, m, sev), server, tool, m, st, threshold, sev,
                Duration.ofMinutes(2), Duration.ofSeconds(30), enabled, 3, false);
    }

    private List<AlertRule> rules() {
        List<AlertRule> rules = new ArrayList<>(DefaultRules.all());
        rules.add(rule("billing", "charge", AlertMetric.RESPONSE_TIME, Statistic.AVG, 250, Severity.WARNING, true));
        rules.add(rule(null, "search \"quoted\" \\ tool", AlertMetric.ERROR_RATE, null, 10, Severity.CRITICAL, true));
        rules.add(rule("legacy", null, AlertMetric.CPU, null, 50, Severity.WARNING, false));
        rules.add(rule("billing", null, AlertMetric.RESPONSE_TIME, Statistic.MAX, 5000, Severity.CRITICAL, true));
        return rules;
    }

    /** The real promtool (Debian's prometheus package) accepts the file: syntax, PromQL, durations, templates. */
    @Test
    void promtoolAcceptsTheExportedRules() throws Exception {
        Path file = dir.resolve("mcp-monitor.rules.yml");
        Files.writeString(file, PrometheusRules.render(rules(), Duration.ofSeconds(15)));
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "rules", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out + "\n" + Files.readString(file)).isZero();
        // 9 built-in rules + 3 enabled custom ones
        assertThat(out).contains("SUCCESS: 12 rules found");
    }

    @Test
    void keepsThresholdsWindowsPendingAndSeverityAndThePrecedenceOfScopes() {
        String y = PrometheusRules.render(rules(), Duration.ofSeconds(15));
        assertThat(y).contains("for: 1m", "for: 30s", "severity: \"critical\"", "[2m]", "> 250", "> 500", "[5m]");
        // the global p95 rules leave out the series the billing rules judge, the tool's own rule replaces the global one
        String global = PrometheusRules.expression(DefaultRules.all().get(0), rules());
        assertThat(global).contains("unless on (mcp_server_name, gen_ai_tool_name) mcp_server_operation_duration_seconds_count{mcp_server_name=\"billing\"}",
                "unless on (mcp_server_name, gen_ai_tool_name) mcp_server_operation_duration_seconds_count{mcp_server_name=\"billing\",gen_ai_tool_name=\"charge\"}");
        // a disabled server rule still switches the broader CPU rule off for that server
        AlertRule cpuWarning = DefaultRules.all().stream().filter(r -> r.metric() == AlertMetric.CPU).findFirst().orElseThrow();
        assertThat(PrometheusRules.expression(cpuWarning, rules())).contains("unless on (mcp_server_name) mcp_server_operation_calls_total{mcp_server_name=\"legacy\"}");
        assertThat(y).doesNotContain(AlertRule.idFor("legacy", null, AlertMetric.CPU, Severity.WARNING));
    }
}
