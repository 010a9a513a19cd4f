package io.mcpmonitor.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IncludePatternTest {

    @Test
    void wildcardMethodMatchesPublicMethodsButNotObjectMethods() {
        IncludePattern p = IncludePattern.parse("com.acme.Tools#*");
        assertThat(p.matchesClass("com.acme.Tools")).isTrue();
        assertThat(p.matchesClass("com.acme.ToolsHelper")).isFalse();
        assertThat(p.matchesMethod("search", true)).isTrue();
        assertThat(p.matchesMethod("search", false)).isFalse();
        assertThat(p.matchesMethod("toString", true)).isFalse();
    }

    @Test
    void namedMethodMatchesAtAnyVisibility() {
        IncludePattern p = IncludePattern.parse("com.acme.*#run?");
        assertThat(p.matchesClass("com.acme.deep.Tools")).isTrue();
        assertThat(p.matchesMethod("runs", false)).isTrue();
        assertThat(p.matchesMethod("run", true)).isFalse();
    }

    @Test
    void annotationNamesWithOrWithoutAt() {
        assertThat(IncludePattern.parse("@io.quarkiverse.mcp.server.Tool").annotation())
                .isEqualTo("io.quarkiverse.mcp.server.Tool");
        assertThat(IncludePattern.parse("io.quarkiverse.mcp.server.Tool").isAnnotation()).isTrue();
    }
}
