package io.mcpmonitor.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {

    @Test
    void defaultsWhenNothingIsGiven() {
        AgentOptions o = AgentOptions.parse(null, Map.of());
        assertThat(o.server()).isNull();
        assertThat(o.store()).isNull();
        assertThat(o.flush()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.enabled()).isTrue();
        assertThat(o.include()).isEmpty();
        assertThat(o.log()).isEqualTo("stderr");
    }

    @Test
    void argumentsWinOverEnvironmentVariables() {
        AgentOptions o = AgentOptions.parse("server=from-args,flush=500ms",
                Map.of("MCP_MONITOR_SERVER", "from-env", "MCP_MONITOR_STORE", "/tmp/s", "MCP_MONITOR_FLUSH", "1m",
                        "MCP_MONITOR_ENABLED", "true", "MCP_MONITOR_LOG", "off"));
        assertThat(o.server()).isEqualTo("from-args");
        assertThat(o.store()).isEqualTo(Path.of("/tmp/s"));
        assertThat(o.flush()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.log()).isEqualTo("off");
    }

    @Test
    void includeListKeepsEveryPatternAcrossCommas() {
        AgentOptions o = AgentOptions.parse("include=com.acme.Tools#*,com.acme.Other#run;@io.quarkiverse.mcp.server.Tool,"
                + "server=x", Map.of());
        assertThat(o.include()).extracting(Object::toString)
                .containsExactly("com.acme.Tools#*", "com.acme.Other#run", "@io.quarkiverse.mcp.server.Tool");
        assertThat(o.server()).isEqualTo("x");
    }

    @Test
    void callTimeoutDefaultsToAMinuteAndNamesItselfWhenBad() {
        assertThat(AgentOptions.parse(null, Map.of()).timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(AgentOptions.parse("timeout=2s", Map.of()).timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(AgentOptions.parse(null, Map.of("MCP_MONITOR_TIMEOUT", "0")).timeout()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentOptions.parse("timeout=soon", Map.of()))
                .hasMessage("agent option timeout must be a duration like 500ms, 10s or 1m, was 'soon'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentOptions.parse("timeout=5ms", Map.of()))
                .hasMessage("agent option timeout must be 0 (never) or at least 100ms, was '5ms'");
    }

    @Test
    void durationsInEveryUnit() {
        assertThat(AgentOptions.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(AgentOptions.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(AgentOptions.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(AgentOptions.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(AgentOptions.parseDuration("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(AgentOptions.parseDuration("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsBadValuesNamingTheOption() {
        assertThatThrownBy(() -> AgentOptions.parse("flush=often", Map.of())).hasMessageContaining("flush");
        assertThatThrownBy(() -> AgentOptions.parse("flush=50ms", Map.of())).hasMessageContaining("at least 100ms");
        assertThatThrownBy(() -> AgentOptions.parse("enabled=maybe", Map.of())).hasMessageContaining("enabled");
        assertThatThrownBy(() -> AgentOptions.parse("srever=x", Map.of())).hasMessageContaining("unknown agent option 'srever'");
        assertThatThrownBy(() -> AgentOptions.parse("include=Tools", Map.of())).hasMessageContaining("include pattern");
    }

    @Test
    void enabledFalseFromTheEnvironment() {
        assertThat(AgentOptions.parse("", Map.of("MCP_MONITOR_ENABLED", "false")).enabled()).isFalse();
    }
}
