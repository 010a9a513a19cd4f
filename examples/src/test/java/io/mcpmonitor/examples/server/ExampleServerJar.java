package io.mcpmonitor.examples.server;

import io.mcpmonitor.testkit.Jars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the packaged {@code example-server.jar} is and how to start it in a separate JVM.
 *
 * <p>The failsafe plugin passes the jar's path in the system property {@code example.server.jar}; when a test
 * runs from an IDE the path falls back to {@code target/example-server.jar}. Stateless and thread-safe.
 */
final class ExampleServerJar {

    static final String PATH_PROPERTY = "example.server.jar";

    private ExampleServerJar() {
    }

    /** The packaged jar; fails with instructions when it has not been built. */
    static Path path() {
        return Jars.packaged(PATH_PROPERTY, "target/example-server.jar", "mvn -pl examples package");
    }

    /** The java launcher of the JVM running the tests, so the server runs on the same Java version. */
    static String javaExecutable() {
        return Jars.java();
    }

    /** {@code -jar <jar> <serverArgs...>}: the launcher's arguments. */
    static List<String> launcherArguments(List<String> serverArgs) {
        List<String> arguments = new ArrayList<>();
        arguments.add("-jar");
        arguments.add(path().toString());
        arguments.addAll(serverArgs);
        return arguments;
    }

    /** The full command line: launcher plus {@link #launcherArguments(List)}. */
    static List<String> command(List<String> serverArgs) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(launcherArguments(serverArgs));
        return command;
    }
}
