package io.mcpmonitor.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerNamesTest {

    @Test
    void jarNameWithoutExtension() {
        assertThat(ServerNames.fromCommand("/opt/servers/billing-server.jar --http 8080")).isEqualTo("billing-server");
    }

    @Test
    void mainClassWhenNotAJar() {
        assertThat(ServerNames.fromCommand("com.acme.McpMain stdio")).isEqualTo("com.acme.McpMain");
    }

    @Test
    void javaWhenUnknown() {
        assertThat(ServerNames.fromCommand(null)).isEqualTo("java");
        assertThat(ServerNames.fromCommand(" ")).isEqualTo("java");
    }
}
