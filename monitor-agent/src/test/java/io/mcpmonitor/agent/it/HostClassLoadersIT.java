package io.mcpmonitor.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Acceptances 3 and 4: hosts whose class loading differs from a plain class path.
 * <ul>
 *   <li>a Spring Boot executable jar: the SDK is loaded by Spring Boot's nested-jar class loader, which sees
 *       the agent's bridge only through the bootstrap class path;
 *   <li>a host bringing its own, older Jackson and Byte Buddy, which it uses itself: the agent's relocated
 *       copies must neither replace nor disturb them.
 * </ul>
 */
class HostClassLoadersIT {

    static final int N = 3;

    @Test
    void springBootFatJarIsInstrumented() {
        List<Path> libraries = ItEnv.sdkClasspath(ItEnv.currentSdkVersion());
        Path classes = ItEnv.compileFixtures(libraries, "fixtures");
        Path work = ItEnv.workDirectory("boot");
        Path bootJar = BootJar.build(work.resolve("fixture-boot.jar"), ItEnv.springBootLoaderJar(), classes, libraries,
                "fixture.FixtureServer");
        Path store = work.resolve("store");
        List<String> stderr;
        try (McpSession session = McpSession.stdio(JavaCommand.jar(bootJar, "boot-fixture").agent("store=" + store))) {
            FixtureCalls.makeEach(session, N, true);
            stderr = session.stderr();
        }
        assertThat(stderr).as("the SDK came from Spring Boot's nested-jar loader")
                .anyMatch(l -> l.contains("SDK loaded by org.springframework.boot.loader.launch.LaunchedClassLoader"));
        FixtureCalls.assertEach(StoreContents.read(store), "boot-fixture", N, true);
        AgentOutput.assertNoWarnings(stderr);
    }

    @Test
    void hostWithConflictingJacksonAndByteBuddyWorksAndIsMeasured() {
        List<Path> classpath = ItEnv.conflictingClasspath();
        Path classes = ItEnv.compileFixtures(classpath, "fixtures", "fixtures-conflict");
        Path store = ItEnv.workDirectory("conflict");
        JavaCommand command = JavaCommand.mainClass(SdkVersionsIT.concat(classes, classpath), "fixture.ConflictingHost",
                "conflict-fixture").agent("store=" + store);
        List<String> stderr;
        try (McpSession session = McpSession.stdio(command)) {
            FixtureCalls.makeEach(session, N, true);
            stderr = session.stderr();
        }
        assertThat(stderr).as("the host used its own libraries")
                .anyMatch(l -> l.startsWith("host libraries:") && l.contains("byte-buddy-1.14.12.jar")
                        && l.contains("jackson 2.19.2") && l.contains("generated 'made by the host'")
                        && l.contains("answer 42"));
        FixtureCalls.assertEach(StoreContents.read(store), "conflict-fixture", N, true);
        AgentOutput.assertNoWarnings(stderr);
    }
}
