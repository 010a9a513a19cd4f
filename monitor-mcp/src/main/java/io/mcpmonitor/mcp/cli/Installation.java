package io.mcpmonitor.mcp.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's other jars are, seen from the running monitor-mcp jar
 * ({@code <root>/monitor-mcp/target/monitor-mcp.jar}): the agent and the example server the demo
 * runs. {@code MCP_MONITOR_HOME} overrides the root.
 */
record Installation(Path root) {

    static Installation locate() {
        String home = System.getenv("MCP_MONITOR_HOME");
        if (home != null && !home.isBlank()) {
            return new Installation(Path.of(home).toAbsolutePath());
        }
        try {
            Path jar = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // .../monitor-mcp/target/monitor-mcp.jar or .../monitor-mcp/target/classes
            return new Installation(jar.toAbsolutePath().getParent().getParent().getParent());
        } catch (URISyntaxException | RuntimeException e) {
            return new Installation(Path.of("").toAbsolutePath());
        }
    }

    Path agentJar() {
        return root.resolve("monitor-agent/target/monitor-agent.jar");
    }

    Path exampleServerJar() {
        return root.resolve("examples/target/example-server.jar");
    }

    Path monitorJar() {
        return root.resolve("monitor-mcp/target/monitor-mcp.jar");
    }

    /** Null if everything is there, else what is missing and how to build it. */
    String missing() {
        for (Path p : new Path[] {agentJar(), exampleServerJar(), monitorJar()}) {
            if (!Files.isRegularFile(p)) {
                return p + " is missing: run ./mcp-monitor (it builds on first use) or mvn -B -DskipTests package";
            }
        }
        return null;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
