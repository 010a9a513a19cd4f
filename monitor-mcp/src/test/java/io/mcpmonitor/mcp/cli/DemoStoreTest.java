package io.mcpmonitor.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpmonitor.core.record.Monitor;
import io.mcpmonitor.core.call.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo never writes simulated data into a store that holds anything else, and deletes only its own. */
class DemoStoreTest {

    @TempDir
    Path dir;

    static List<Path> files(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void refusesAStoreWithRecordedCallsAndLeavesItAsItWas() throws Exception {
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).build()) {
            m.record("billing", "charge", 5_000_000, Outcome.SUCCESS);
        }
        List<Path> before = files(dir);
        for (String[] args : List.of(new String[] {"demo", "--store", dir.toString()},
                new String[] {"demo", "--store", dir.toString(), "--fresh"})) {
            CliRun r = CliRun.of(args);
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains(dir.toString(), "is not empty", "1 server/tool pairs", "never mixes it with real data");
            assertThat(r.out()).doesNotContain("simulated history");
        }
        assertThat(files(dir)).isEqualTo(before);
    }

    @Test
    void refusesAnyOtherNonEmptyDirectory() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        CliRun r = CliRun.of("demo", "--store", dir.toString(), "--fresh");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is not empty");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void anEarlierDemoStoreNeedsFreshAndIsThenEmptied() throws Exception {
        assertThat(DemoStore.prepare(dir, false)).isNull();
        assertThat(dir.resolve(DemoStore.MARKER)).exists();
        try (Monitor m = Monitor.builder().storeDirectory(dir).flushInterval(Duration.ZERO).build()) {
            m.record("example-server", "echo", 1_000_000, Outcome.SUCCESS);
        }
        CliRun again = CliRun.of("demo", "--store", dir.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("holds an earlier demo", "--fresh");
        assertThat(DemoStore.prepare(dir, true)).isNull();
        assertThat(files(dir)).containsExactly(dir.resolve(DemoStore.MARKER));
    }
}
