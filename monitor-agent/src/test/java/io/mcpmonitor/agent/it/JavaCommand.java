package io.mcpmonitor.agent.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code java} command line for a server JVM, with or without the packaged agent: {@code -javaagent:} on
 * {@code target/monitor-agent.jar}, never the module's classes, so the tests exercise what operators run.
 * Mutable builder; not thread-safe.
 */
final class JavaCommand {

    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> mainArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private String agentOptions;
    private List<String> launch = List.of();

    static JavaCommand jar(Path jar, String... args) {
        JavaCommand c = new JavaCommand();
        c.launch = List.of("-jar", jar.toString());
        c.mainArgs.addAll(List.of(args));
        return c;
    }

    /** The stdio fixture server ({@code fixture.FixtureServer}) on SDK {@code sdkVersion}, naming itself {@code name}. */
    static JavaCommand fixtureServer(String sdkVersion, String name) {
        List<Path> classpath = ItEnv.sdkClasspath(sdkVersion);
        Path classes = ItEnv.compileFixtures(classpath, "fixtures");
        return mainClass(SdkVersionsIT.concat(classes, classpath), "fixture.FixtureServer", name);
    }

    static JavaCommand mainClass(List<Path> classpath, String mainClass, String... args) {
        JavaCommand c = new JavaCommand();
        c.launch = List.of("-cp", ItEnv.classpathString(classpath), mainClass);
        c.mainArgs.addAll(List.of(args));
        return c;
    }

    /** Attaches the agent with {@code options} ({@code key=value,...}; empty for none). */
    JavaCommand agent(String options) {
        this.agentOptions = options;
        return this;
    }

    JavaCommand jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    JavaCommand env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Map<String, String> env() {
        return env;
    }

    /** The whole command, {@code java} first. */
    List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ItEnv.java());
        cmd.add("-XX:TieredStopAtLevel=1");
        if (agentOptions != null) {
            cmd.add("-javaagent:" + ItEnv.agentJar() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        cmd.addAll(jvmArgs);
        cmd.addAll(launch);
        cmd.addAll(mainArgs);
        return cmd;
    }

    /** The command without {@code java}, as the SDK's stdio client transport takes it. */
    List<String> arguments() {
        List<String> cmd = command();
        return cmd.subList(1, cmd.size());
    }
}
