package io.mcpmonitor.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassFilterTest {

    @Test
    void sdkClassesAlwaysPassOthersNotWithoutInclude() {
        ClassFilter f = new ClassFilter(List.of());
        assertThat(f.matches("io/modelcontextprotocol/server/McpAsyncServer", null)).isTrue();
        assertThat(f.matches("io/modelcontextprotocol/server/McpStatelessAsyncServer", null)).isTrue();
        assertThat(f.matches("io/modelcontextprotocol/util/ToolInputValidator", null)).isTrue();
        assertThat(f.matches("io/modelcontextprotocol/server/McpSyncServer", null)).isFalse();
        assertThat(f.matches("com/acme/Tools", null)).isFalse();
    }

    @Test
    void methodPatternsSelectByClassName() {
        ClassFilter f = new ClassFilter(IncludePattern.parseList("com.acme.*#*"));
        assertThat(f.matches("com/acme/Tools", null)).isTrue();
        assertThat(f.matches("com/other/Tools", null)).isFalse();
    }

    @Test
    void annotationPatternsSearchTheClassFileForTheDescriptor() {
        ClassFilter f = new ClassFilter(IncludePattern.parseList("io.quarkiverse.mcp.server.Tool"));
        byte[] with = "....Lio/quarkiverse/mcp/server/Tool;....".getBytes(StandardCharsets.UTF_8);
        byte[] without = "....Lio/quarkiverse/mcp/server/ToolArg;...".getBytes(StandardCharsets.UTF_8);
        assertThat(f.matches("com/acme/Tools", with)).isTrue();
        assertThat(f.matches("com/acme/Tools", without)).isFalse();
    }

    @Test
    void aLoadedClassIsSelectedByAnnotationFromItsClassFileNotByReflection() {
        // JUnit's Assertions carries @API (org.apiguardian); AssertJ's Assertions does not.
        ClassFilter f = new ClassFilter(IncludePattern.parseList("org.apiguardian.api.API"));
        assertThat(f.matches(org.junit.jupiter.api.Assertions.class)).isTrue();
        assertThat(f.matches(org.assertj.core.api.Assertions.class)).isFalse();
        assertThat(f.matches(String.class)).as("the JDK, by name").isFalse();
        assertThat(f.matches(ClassFilter.class)).as("the agent, by name").isFalse();
        assertThat(new ClassFilter(List.of()).matches(org.junit.jupiter.api.Assertions.class)).as("no include")
                .isFalse();
    }

    @Test
    void neverTheAgentOrTheJdk() {
        ClassFilter f = new ClassFilter(IncludePattern.parseList("*#*"));
        assertThat(f.matches("io/mcpmonitor/agent/tooling/AgentStarter", null)).isFalse();
        assertThat(f.matches("java/lang/String", null)).isFalse();
        assertThat(f.matches("com/acme/Tools", null)).isTrue();
    }
}
