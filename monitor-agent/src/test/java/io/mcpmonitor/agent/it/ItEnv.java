package io.mcpmonitor.agent.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Where the integration tests find what the build prepared (failsafe system properties): the packaged agent,
 * the example server, the real jars of each SDK version and of the conflicting libraries, and the fixture
 * sources, which are compiled here against the class path of the SDK version under test.
 *
 * <p>Thread-safe; compiled fixtures are cached per class path for the test JVM's life.
 */
final class ItEnv {

    /** Jars a fixture server needs at run time, by file-name prefix (the rest of the test class path is tests). */
    private static final List<String> RUNTIME_PREFIXES = List.of("mcp-", "jackson-", "reactor-core", "reactive-streams",
            "slf4j-api", "slf4j-nop", "json-schema-validator", "itu-", "snakeyaml", "jspecify");
    private static final List<String> JETTY_PREFIXES = List.of("jakarta.servlet-api", "jetty-");

    private static final Map<String, Path> COMPILED = new ConcurrentHashMap<>();

    private ItEnv() {
    }

    static Path agentJar() {
        return existing("agent.jar", "mvn -pl monitor-agent package");
    }

    static Path exampleServerJar() {
        return existing("example.server.jar", "mvn -pl examples package (examples must be built before monitor-agent's ITs)");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String sdkOldest() {
        return System.getProperty("sdk.oldest.version", "0.17.2");
    }

    static String sdk1x() {
        return System.getProperty("sdk.1x.version", "1.1.5");
    }

    /** The newest SDK release that resolves (may equal the test class path's own, under -Psdk-newest). */
    static String sdkNewest() {
        return System.getProperty("sdk.newest.version", "2.2.0");
    }

    /** A fresh directory under target/it-work for one test. */
    static Path workDirectory(String name) {
        try {
            Path base = Path.of(System.getProperty("it.work", "target/it-work"));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run-time jars of SDK {@code version} (the test class path's own, or one copied to it-libs) with its libraries. */
    static List<Path> sdkClasspath(String version) {
        List<Path> jars = new ArrayList<>();
        boolean current = version.equals(currentSdkVersion());
        for (Path jar : testClasspath()) {
            String name = jar.getFileName().toString();
            if (RUNTIME_PREFIXES.stream().anyMatch(name::startsWith) && (current || !name.startsWith("mcp-"))) {
                jars.add(jar);
            }
        }
        if (!current) {
            jars.addAll(jarsIn(libs().resolve("sdk-" + version)));
        }
        return jars;
    }

    /** The current SDK's class path plus embedded Jetty (for the HTTP fixtures). */
    static List<Path> sdkWithJettyClasspath() {
        List<Path> jars = new ArrayList<>(sdkClasspath(currentSdkVersion()));
        for (Path jar : testClasspath()) {
            if (JETTY_PREFIXES.stream().anyMatch(jar.getFileName().toString()::startsWith)) {
                jars.add(jar);
            }
        }
        return jars;
    }

    /** The current SDK's class path with Jackson replaced by an older version and an older Byte Buddy added. */
    static List<Path> conflictingClasspath() {
        List<Path> jars = new ArrayList<>();
        for (Path jar : sdkClasspath(currentSdkVersion())) {
            if (!jar.getFileName().toString().startsWith("jackson-")
                    || jar.getFileName().toString().startsWith("jackson-dataformat")) {
                jars.add(jar);
            }
        }
        jars.addAll(jarsIn(libs().resolve("conflict")));
        return jars;
    }

    static Path springBootLoaderJar() {
        return jarsIn(libs().resolve("boot")).get(0);
    }

    static String currentSdkVersion() {
        for (Path jar : testClasspath()) {
            String name = jar.getFileName().toString();
            if (name.startsWith("mcp-core-")) {
                return name.substring("mcp-core-".length(), name.length() - ".jar".length());
            }
        }
        throw new IllegalStateException("mcp-core is not on the test class path");
    }

    /** Compiles the fixture sources of {@code sourceSets} (directories under src/it) against {@code classpath}. */
    static Path compileFixtures(List<Path> classpath, String... sourceSets) {
        String key = String.join("+", sourceSets) + "|" + classpath;
        return COMPILED.computeIfAbsent(key, k -> compile(classpath, sourceSets));
    }

    static String classpathString(List<Path> entries) {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    private static Path compile(List<Path> classpath, String... sourceSets) {
        try {
            Path out = workDirectory("fixture-classes");
            List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath",
                    classpathString(classpath), "--release", "17", "-nowarn", "-proc:none"));
            for (String set : sourceSets) {
                try (Stream<Path> files = Files.walk(fixtures().resolve(set))) {
                    files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
                }
            }
            JavaCompiler javac = Objects.requireNonNull(ToolProvider.getSystemJavaCompiler(), "a JDK is needed");
            int rc = javac.run(null, System.err, System.err, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("fixture compilation failed (" + Arrays.toString(sourceSets)
                        + "), see the compiler output above");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> testClasspath() {
        try {
            String text = Files.readString(libs().resolve("test-classpath.txt")).trim();
            return Arrays.stream(text.split(File.pathSeparator)).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("run the ITs through maven (mvn verify): " + e.getMessage(), e);
        }
    }

    private static List<Path> jarsIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + directory + " (run through maven: mvn verify)", e);
        }
    }

    private static Path libs() {
        return Path.of(Objects.requireNonNull(System.getProperty("it.libs"), "it.libs (run through maven)"));
    }

    private static Path fixtures() {
        return Path.of(System.getProperty("it.fixtures", "src/it"));
    }

    private static Path existing(String property, String howToBuild) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException(property + " not found at " + value + "; build it first: " + howToBuild);
        }
        return Path.of(value);
    }
}
