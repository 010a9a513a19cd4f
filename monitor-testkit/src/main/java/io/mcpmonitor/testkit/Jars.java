package io.mcpmonitor.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The java launcher and the packaged jars that integration tests run in child JVMs. The failsafe plugin
 * passes each jar's path as a system property; run from an IDE, the path falls back to where Maven builds
 * it relative to the module's directory. Stateless.
 */
public final class Jars {

    private Jars() {
    }

    /** The java launcher of the JVM running the tests, so a child runs on the same Java version. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The absolute path of a packaged jar: system property {@code property}, else {@code fallback}.
     *
     * @throws IllegalStateException naming the path and {@code howToBuild} when the file does not exist
     */
    public static Path packaged(String property, String fallback, String howToBuild) {
        Path jar = Path.of(System.getProperty(property, fallback)).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist; build it with `" + howToBuild + "`");
        }
        return jar;
    }

    /** {@code example-server.jar} (property {@code example.server.jar}), seen from a sibling module. */
    public static Path exampleServer() {
        return packaged("example.server.jar", "../examples/target/example-server.jar", "mvn -pl examples package");
    }

    /** {@code monitor-agent.jar} (property {@code monitor.agent.jar}), seen from a sibling module. */
    public static Path monitorAgent() {
        return packaged("monitor.agent.jar", "../monitor-agent/target/monitor-agent.jar", "mvn -pl monitor-agent -am package");
    }

    /** {@code monitor-mcp.jar} (property {@code monitor.mcp.jar}), seen from monitor-mcp itself. */
    public static Path monitorMcp() {
        return packaged("monitor.mcp.jar", "target/monitor-mcp.jar", "mvn -pl monitor-mcp -am package");
    }

    /** The JVM option that attaches {@link #monitorAgent()} with {@code options} ({@code key=value,...}). */
    public static String javaagent(String options) {
        return "-javaagent:" + monitorAgent() + "=" + options;
    }
}
