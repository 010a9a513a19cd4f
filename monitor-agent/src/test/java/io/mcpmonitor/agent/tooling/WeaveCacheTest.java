package io.mcpmonitor.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weave cache hands out exactly what was kept for exactly the same input, and misses on everything else. */
class WeaveCacheTest {

    private static final String NAME = "io/modelcontextprotocol/server/McpAsyncServer";
    private static final byte[] ORIGINAL = "original class file".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WOVEN = "woven class file".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final AgentLog log = AgentLog.open("off");

    @Test
    void keepsAndHandsBackTheWovenBytesOfExactlyThatInput() throws IOException {
        WeaveCache cache = WeaveCache.open(dir.resolve("cache"), jar("a", "1"), "[]", log);
        assertThat(cache).isNotNull();
        assertThat(cache.get(NAME, ORIGINAL, true)).as("nothing kept yet").isNull();
        cache.put(NAME, ORIGINAL, true, WOVEN);

        assertThat(cache.get(NAME, ORIGINAL, true)).isEqualTo(WOVEN);
        assertThat(cache.get(NAME, ORIGINAL, false)).as("without the Reactor helper").isNull();
        assertThat(cache.get(NAME + "X", ORIGINAL, true)).as("another class").isNull();
        byte[] patched = ORIGINAL.clone();
        patched[0] ^= 1;
        assertThat(cache.get(NAME, patched, true)).as("other bytes of the class").isNull();
        WeaveCache reopened = WeaveCache.open(dir.resolve("cache"), jar("a", "1"), "[]", log);
        assertThat(reopened.get(NAME, ORIGINAL, true)).as("a later start of the same agent").isEqualTo(WOVEN);
    }

    @Test
    void whatTheLookAheadFoundIsHandedOutOnceWithoutReadingAgain() throws IOException {
        WeaveCache cache = WeaveCache.open(dir.resolve("cache"), jar("a", "1"), "[]", log);
        assertThat(cache.holds(NAME, ORIGINAL, true)).isFalse();
        cache.put(NAME, ORIGINAL, true, WOVEN);
        assertThat(cache.holds(NAME, ORIGINAL, true)).isTrue();
        Files.delete(entries(cache.directory()).get(0));

        assertThat(cache.get(NAME, ORIGINAL, true)).as("from memory").isEqualTo(WOVEN);
        assertThat(cache.get(NAME, ORIGINAL, true)).as("once only").isNull();
    }

    @Test
    void anotherAgentBuildOrOtherIncludePatternsMiss() throws IOException {
        Path root = dir.resolve("cache");
        WeaveCache.open(root, jar("a", "1"), "[]", log).put(NAME, ORIGINAL, true, WOVEN);

        assertThat(WeaveCache.open(root, jar("a", "2"), "[]", log).get(NAME, ORIGINAL, true))
                .as("a rebuilt agent with one class changed").isNull();
        assertThat(WeaveCache.open(root, jar("a", "1"), "[com.acme.Tools#*]", log).get(NAME, ORIGINAL, true))
                .as("other include= patterns").isNull();
        assertThat(WeaveCache.buildId(jar("a", "1"))).isEqualTo(WeaveCache.buildId(jar("a", "1")))
                .isNotEqualTo(WeaveCache.buildId(jar("a", "2")));
    }

    @Test
    void anAgentFileThatIsNotAJarMeansNoCache() throws IOException {
        Path notAJar = Files.write(dir.resolve("agent.jar"), "not a zip".getBytes(StandardCharsets.UTF_8));
        assertThat(WeaveCache.open(dir.resolve("cache"), notAJar, "[]", log)).isNull();
    }

    @Test
    void aDamagedEntryIsDeletedAndMissed() throws IOException {
        WeaveCache cache = WeaveCache.open(dir.resolve("cache"), jar("a", "1"), "[]", log);
        cache.put(NAME, ORIGINAL, false, WOVEN);
        Path entry = entries(cache.directory()).get(0);
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length - 1] ^= 0x20;
        Files.write(entry, bytes);

        assertThat(cache.get(NAME, ORIGINAL, false)).isNull();
        assertThat(entry).doesNotExist();
        cache.put(NAME, ORIGINAL, false, WOVEN);
        assertThat(cache.get(NAME, ORIGINAL, false)).as("kept again by the next weaving").isEqualTo(WOVEN);

        Files.write(entries(cache.directory()).get(0), new byte[5]);
        assertThat(cache.get(NAME, ORIGINAL, false)).as("a cut entry").isNull();
    }

    @Test
    void isMadeForItsOwnerOnlyAndNotUsedWhenOthersMayWriteIt() throws IOException {
        Path root = dir.resolve("made");
        assertThat(WeaveCache.open(root, jar("a", "1"), "[]", log)).isNotNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");

        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(WeaveCache.open(shared, jar("a", "1"), "[]", log)).isNull();
        assertThat(WeaveCache.open(null, jar("a", "1"), "[]", log)).as("cache=off").isNull();
    }

    @Test
    void directoriesOfOtherBuildsUnusedForAMonthAreDeleted() throws IOException {
        Path root = dir.resolve("cache");
        WeaveCache old = WeaveCache.open(root, jar("a", "1"), "[]", log);
        old.put(NAME, ORIGINAL, true, WOVEN);
        WeaveCache recent = WeaveCache.open(root, jar("a", "3"), "[]", log);
        FileTime longAgo = FileTime.fromMillis(System.currentTimeMillis()
                - Duration.ofDays(WeaveCache.STALE_DAYS + 1).toMillis());
        Files.setLastModifiedTime(old.directory(), longAgo);

        WeaveCache.open(root, jar("a", "2"), "[]", log);
        assertThat(old.directory()).doesNotExist();
        assertThat(recent.directory()).exists();
    }

    @Test
    void temporaryFilesOfADeadWriterAreRemovedOnceTenMinutesOld() throws IOException {
        Path root = dir.resolve("cache");
        WeaveCache cache = WeaveCache.open(root, jar("a", "1"), "[]", log);
        Path left = Files.write(cache.directory().resolve("x.class.99-1.tmp"), WOVEN);
        Path fresh = Files.write(cache.directory().resolve("y.class.99-1.tmp"), WOVEN);
        Files.setLastModifiedTime(left, FileTime.fromMillis(System.currentTimeMillis() - Duration.ofMinutes(11).toMillis()));

        WeaveCache.open(root, jar("a", "1"), "[]", log);
        assertThat(left).doesNotExist();
        assertThat(fresh).as("perhaps being written now").exists();
    }

    @Test
    void theDefaultDirectoryFollowsXdgThenHome() {
        assertThat(AgentOptions.cacheDirectory(null, java.util.Map.of("XDG_CACHE_HOME", "/x/cache", "HOME", "/h")))
                .isEqualTo(Path.of("/x/cache/mcp-monitor/agent"));
        assertThat(AgentOptions.cacheDirectory(null, java.util.Map.of("HOME", "/h")))
                .isEqualTo(Path.of("/h/.cache/mcp-monitor/agent"));
        assertThat(AgentOptions.cacheDirectory("off", java.util.Map.of("HOME", "/h"))).isNull();
        assertThat(AgentOptions.parse("cache=/c/d", java.util.Map.of()).cache()).isEqualTo(Path.of("/c/d"));
        assertThat(AgentOptions.parse("", java.util.Map.of("MCP_MONITOR_CACHE", "off")).cache()).isNull();
    }

    /** A jar with one entry whose content is {@code content}, made once per (name, content). */
    private Path jar(String name, String content) throws IOException {
        Path jar = dir.resolve(name + "-" + content + ".jar");
        if (!Files.exists(jar)) {
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
                j.putNextEntry(new JarEntry("inst/Some.class"));
                j.write(content.getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> p.toString().endsWith(".class")).toList();
        }
    }
}
